package org.elasticsearch.node;

import java.util.Collection;
import java.util.Map;

import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.MockPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

/**
 * A genuine Elasticsearch node whose plugins are classes on the classpath rather than
 * bundles unpacked in a distribution's modules/ folder.
 *
 * <p>It lives in this package because the node's construction hooks are package-private.
 * Unlike the test framework's MockNode it does not go through ESTestCase, whose static
 * set-up refuses to run as root and randomises settings.
 */
public final class ClasspathPluginsNode extends Node {

    public ClasspathPluginsNode(Settings settings, Collection<Class<? extends Plugin>> plugins) {
        super(NodeConstruction.prepareConstruction(
            InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "dev-node"),
            null,
            new NodeServiceProvider() {
                @Override
                PluginsService newPluginService(Environment environment, PluginsLoader pluginsLoader) {
                    return new MockPluginsService(environment.settings(), environment, plugins);
                }
            },
            true
        ));
    }
}
