package terang;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import java.util.concurrent.CountDownLatch;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * One OpenSearch node on 127.0.0.1: a single-node cluster for the test suite, or one node of a
 * cluster (make try-cluster).
 *
 * <p>Arguments: HTTP port, data directory; for a cluster also the node's name, its transport port,
 * the other nodes' transport addresses (host:port,...) and the names of the nodes that may elect
 * the first cluster manager (name,...). Prints "READY port" once the cluster is yellow, then runs
 * until the process is terminated (SIGTERM closes the node and removes its data).
 */
public final class TestNode {
  private TestNode() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 && args.length != 6) {
      System.err.println(
          "usage: TestNode HTTP_PORT DATA_DIR [NODE_NAME TRANSPORT_PORT SEED_HOSTS MANAGER_NODES]");
      System.exit(2);
    }
    final int httpPort = Integer.parseInt(args[0]);
    final String basePath = args[1];
    final boolean inCluster = args.length == 6;
    final OpenSearchRunner runner = new OpenSearchRunner();
    runner.onBuild(
        (number, settings) -> {
          settings.put("network.host", "127.0.0.1");
          settings.put("http.port", Integer.toString(httpPort));
          if (inCluster) {
            settings.put("node.name", args[2]);
            settings.put("transport.port", args[3]);
            settings.putList("discovery.seed_hosts", args[4].split(","));
            settings.putList("cluster.initial_cluster_manager_nodes", args[5].split(","));
          } else {
            settings.put("transport.port", "0");
            settings.put("discovery.type", "single-node");
          }
          settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
          settings.put("action.auto_create_index", false);
        });
    runner.build(
        newConfigs()
            .numOfNode(1)
            .basePath(basePath)
            .clusterName(inCluster ? "terang-cluster" : "terang-test")
            .disableESLogger()
            .printOnFailure());
    runner.ensureYellow();
    final CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    runner.close();
                    runner.clean();
                  } catch (Exception e) {
                    e.printStackTrace();
                  } finally {
                    stopped.countDown();
                  }
                }));
    System.out.println("READY " + httpPort);
    System.out.flush();
    stopped.await();
  }
}
