package eu.eitgrandest.devsearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.node.ClasspathPluginsNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * Starts one genuine Elasticsearch node in this JVM, for development and tests.
 *
 * <p>Usage: {@code DevNode --path DIR [--http-port 9200] [--transport-port 9300]
 * [--cluster-name NAME]}. Data and logs stay under DIR; the node listens on loopback only
 * and runs until the JVM is stopped.
 */
public final class DevNode {

    private DevNode() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of("var/elasticsearch");
        String httpPort = "9200";
        String transportPort = "9300";
        String clusterName = "eit-grand-est-dev";
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--path" -> home = Path.of(value);
                case "--http-port" -> httpPort = value;
                case "--transport-port" -> transportPort = value;
                case "--cluster-name" -> clusterName = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        home = home.toAbsolutePath();
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("config"));

        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", clusterName)
            .put("node.name", "dev-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", transportPort)
            .put("discovery.type", "single-node")
            .put("http.type", Netty4Plugin.NETTY_HTTP_TRANSPORT_NAME)
            .put("transport.type", Netty4Plugin.NETTY_TRANSPORT_NAME)
            .put("action.destructive_requires_name", false)
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();

        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(settings);
        Node node = new ClasspathPluginsNode(settings, List.of(Netty4Plugin.class, FrenchAnalysisPlugin.class));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        node.start();
        System.out.println("Elasticsearch dev node started on http://127.0.0.1:" + httpPort);
        stopped.await();
    }
}
