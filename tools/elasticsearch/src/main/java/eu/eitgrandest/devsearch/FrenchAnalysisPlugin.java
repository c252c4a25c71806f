package eu.eitgrandest.devsearch;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.tartarus.snowball.ext.FrenchStemmer;

/**
 * The token filters the portal's French analysis needs, for the development node only.
 *
 * <p>Elastic publishes the server and its transport module on Maven Central, but not the
 * {@code analysis-common} module, which is where {@code lowercase}, {@code asciifolding},
 * {@code elision}, {@code stemmer} and {@code synonym_graph} live. This plugin registers
 * the same filter types, under the same names and settings, on Lucene's own French
 * components, so the portal's index settings are the same here and on the official
 * distribution in production (which ships {@code analysis-common} and not this plugin).
 */
public final class FrenchAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "lowercase", LowercaseFactory::new,
            "asciifolding", AsciiFoldingFactory::new,
            "elision", ElisionFactory::new,
            "stemmer", StemmerFactory::new,
            "synonym_graph", AnalysisPlugin.requiresAnalysisSettings(SynonymGraphFactory::new)
        );
    }

    static final class LowercaseFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        LowercaseFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }

    static final class AsciiFoldingFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final boolean preserveOriginal;

        AsciiFoldingFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new ASCIIFoldingFilter(in, preserveOriginal);
        }

        @Override
        public TokenStream normalize(TokenStream in) {
            return new ASCIIFoldingFilter(in, false);
        }
    }

    static final class ElisionFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final CharArraySet articles;

        ElisionFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            CharArraySet configured = Analysis.parseArticles(env, settings);
            articles = configured != null ? configured : FrenchAnalyzer.DEFAULT_ARTICLES;
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new ElisionFilter(in, articles);
        }
    }

    static final class StemmerFactory extends AbstractTokenFilterFactory {
        private final Function<TokenStream, TokenStream> stemmer;

        StemmerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            String language = settings.get("language", settings.get("name", "light_french"));
            stemmer = switch (language) {
                case "light_french" -> FrenchLightStemFilter::new;
                case "minimal_french" -> FrenchMinimalStemFilter::new;
                case "french" -> in -> new SnowballFilter(in, new FrenchStemmer());
                default -> throw new IllegalArgumentException(
                    "the development node's stemmer knows light_french, minimal_french and french, not " + language);
            };
        }

        @Override
        public TokenStream create(TokenStream in) {
            return stemmer.apply(in);
        }
    }

    /** Solr-format synonyms, parsed with the analysis chain that precedes the filter. */
    static final class SynonymGraphFactory extends AbstractTokenFilterFactory {
        private final Environment env;
        private final Settings settings;
        private final boolean expand;
        private final boolean lenient;

        SynonymGraphFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.env = env;
            this.settings = settings;
            this.expand = settings.getAsBoolean("expand", true);
            this.lenient = settings.getAsBoolean("lenient", false);
        }

        @Override
        public TokenStream create(TokenStream in) {
            throw new IllegalStateException("synonym_graph is only usable inside a custom analyzer");
        }

        @Override
        public TokenFilterFactory getChainAwareTokenFilterFactory(
            IndexCreationContext context,
            TokenizerFactory tokenizer,
            List<CharFilterFactory> charFilters,
            List<TokenFilterFactory> previousTokenFilters,
            Function<String, TokenFilterFactory> allFilters
        ) {
            Analyzer parsingAnalyzer = new CustomAnalyzer(
                tokenizer,
                charFilters.toArray(new CharFilterFactory[0]),
                previousTokenFilters.toArray(new TokenFilterFactory[0])
            );
            SynonymMap map = buildMap(parsingAnalyzer);
            String filterName = name();
            return new TokenFilterFactory() {
                @Override
                public String name() {
                    return filterName;
                }

                @Override
                public TokenStream create(TokenStream in) {
                    return map.fst == null ? in : new SynonymGraphFilter(in, map, false);
                }
            };
        }

        private SynonymMap buildMap(Analyzer analyzer) {
            try (Reader rules = rulesReader()) {
                SolrSynonymParser parser = new SolrSynonymParser(true, expand, analyzer);
                parser.parse(rules);
                return parser.build();
            } catch (Exception e) {
                if (lenient) {
                    return new SynonymMap(null, null, 0);
                }
                throw new IllegalArgumentException("failed to build synonyms: " + e.getMessage(), e);
            }
        }

        private Reader rulesReader() throws IOException {
            List<String> inline = settings.getAsList("synonyms", null);
            if (inline != null) {
                return new StringReader(String.join("\n", inline));
            }
            String path = settings.get("synonyms_path");
            if (path == null) {
                throw new IllegalArgumentException("synonym_graph needs synonyms or synonyms_path");
            }
            return Files.newBufferedReader(env.configDir().resolve(path));
        }
    }
}
