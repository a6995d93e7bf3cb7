package terang;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import java.util.concurrent.CountDownLatch;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * One OpenSearch node on 127.0.0.1 for the test suite.
 *
 * <p>Arguments: HTTP port, data directory. Prints "READY port" once the cluster is yellow, then runs
 * until the process is terminated (SIGTERM closes the node and removes its data).
 */
public final class TestNode {
  private TestNode() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: TestNode HTTP_PORT DATA_DIR");
      System.exit(2);
    }
    final int httpPort = Integer.parseInt(args[0]);
    final String basePath = args[1];
    final OpenSearchRunner runner = new OpenSearchRunner();
    runner.onBuild(
        (number, settings) -> {
          settings.put("network.host", "127.0.0.1");
          settings.put("http.port", Integer.toString(httpPort));
          settings.put("transport.port", "0");
          settings.put("discovery.type", "single-node");
          settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
          settings.put("action.auto_create_index", false);
        });
    runner.build(
        newConfigs()
            .numOfNode(1)
            .basePath(basePath)
            .clusterName("terang-test")
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
