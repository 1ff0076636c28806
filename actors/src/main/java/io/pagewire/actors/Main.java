package io.pagewire.actors;

import io.pagewire.actors.config.ConfigError;
import io.pagewire.actors.config.PagewireConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code pagewire [--config FILE]}: starts a node on the given HOCON file, or on the embedded
 * default. SIGTERM and SIGINT stop it in order (stop accepting, finish in-flight commands, flush
 * devices) and exit 0. A configuration or start-up error prints one line and exits 2.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "-c" -> {
                    if (i + 1 >= args.length) {
                        usage("--config needs a file");
                    }
                    configFile = Path.of(args[++i]);
                }
                case "--help", "-h" -> {
                    System.out.println("usage: pagewire [--config FILE]   (default: the embedded conf/application.conf)");
                    return;
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        // Installed before start-up, so a SIGTERM that arrives while devices open still ends in order.
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        PagewireServer server;
        try {
            PagewireConfig config = PagewireConfig.load(configFile);
            server = PagewireServer.start(config);
            LOG.info("Pagewire ready on {} serving {}", server.addresses(),
                    config.targets().stream().map(t -> t.iqn() + " (" + t.luns().size() + " LUN)").toList());
        } catch (ConfigError e) {
            System.err.println("pagewire: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("pagewire: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("stopping: no new connections; finishing in-flight commands");
        server.close();
        LOG.info("stopped");
        System.exit(0);
    }

    private static void usage(String problem) {
        System.err.println("pagewire: " + problem + "\nusage: pagewire [--config FILE]");
        System.exit(2);
    }
}
