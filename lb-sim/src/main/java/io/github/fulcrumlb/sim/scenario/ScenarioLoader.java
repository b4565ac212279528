package io.github.fulcrumlb.sim.scenario;

import io.github.fulcrumlb.sim.balancer.BalancerSpec;
import io.github.fulcrumlb.sim.cluster.BackendSpec;
import io.github.fulcrumlb.sim.cluster.BackgroundSpec;
import io.github.fulcrumlb.sim.cluster.FaultSpec;
import io.github.fulcrumlb.sim.cluster.MetricsSpec;
import io.github.fulcrumlb.sim.workload.ArrivalSpec;
import io.github.fulcrumlb.sim.workload.KeySpec;
import io.github.fulcrumlb.sim.workload.RequestSpec;
import io.github.fulcrumlb.sim.workload.SizeDistribution;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@link Scenario}s from YAML files, and the bundled suite from the class path. Every error
 * is a {@link ScenarioException} naming file, line and field; unknown fields are errors, so a typo
 * never silently falls back to a default. The format is documented in the module's {@code
 * SCENARIOS.md}; the bundled files are the best examples.
 *
 * <pre>{@code
 * Scenario a = ScenarioLoader.bundled("stale-herd");
 * Scenario b = ScenarioLoader.load(Path.of("my-cluster.yaml"));
 * Scenario c = ScenarioLoader.resolve(args[0]); // a file if it exists, else a bundled name
 * }</pre>
 */
public final class ScenarioLoader {
  private static final String SUITE = "/io/github/fulcrumlb/sim/scenarios/";

  private ScenarioLoader() {}

  /** Names of the bundled scenarios, in the suite's order. */
  public static List<String> bundledNames() {
    return suite(true);
  }

  /**
   * Names of the bundled scenarios a trainer may train on, in the suite's order: all but those the
   * suite marks {@code held-out} (such as {@code drift}, kept unseen to test adaptation).
   */
  public static List<String> trainableNames() {
    return suite(false);
  }

  private static List<String> suite(boolean heldOutToo) {
    String index = resource("suite.txt", () -> "the suite index is missing from the jar");
    List<String> names = new ArrayList<>();
    for (String line : index.split("\n")) {
      String[] words = line.strip().split("\\s+");
      if (words[0].isEmpty() || words[0].startsWith("#")) {
        continue;
      }
      boolean heldOut = words.length > 1 && words[1].equals("held-out");
      if (words.length > 2 || (words.length == 2 && !heldOut)) {
        throw new IllegalStateException(
            "suite.txt: \"" + line.strip() + "\" is not NAME [held-out]");
      }
      if (heldOutToo || !heldOut) {
        names.add(words[0]);
      }
    }
    return names;
  }

  /** The YAML text of a bundled scenario, to copy and edit. */
  public static String bundledText(String name) {
    return resource(
        name + ".yaml",
        () ->
            "Unknown scenario \""
                + name
                + "\"; bundled scenarios: "
                + bundledNames()
                + " (or give a path to a scenario file)");
  }

  /** A bundled scenario by name. */
  public static Scenario bundled(String name) {
    return parse(name + ".yaml", bundledText(name));
  }

  /** The scenario file {@code nameOrPath} if it exists, else the bundled scenario of that name. */
  public static Scenario resolve(String nameOrPath) throws IOException {
    Path path = Path.of(nameOrPath);
    if (Files.isRegularFile(path)) {
      return load(path);
    }
    if (nameOrPath.contains("/")
        || nameOrPath.contains(java.io.File.separator)
        || nameOrPath.endsWith(".yaml")
        || nameOrPath.endsWith(".yml")) {
      throw new IllegalArgumentException("Scenario file " + nameOrPath + " does not exist");
    }
    return bundled(nameOrPath);
  }

  /** A scenario file. */
  public static Scenario load(Path file) throws IOException {
    return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * A scenario from YAML text.
   *
   * @param label the file name to put in error messages
   */
  public static Scenario parse(String label, String yaml) {
    LoadSettings settings = LoadSettings.builder().setLabel(label).build();
    Optional<Node> root;
    try {
      root = new Compose(settings).composeString(yaml);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(Mark::getLine).orElse(-1) + 1;
      throw new ScenarioException(label, line, "", "not valid YAML: " + e.getProblem());
    } catch (YamlEngineException e) {
      throw new ScenarioException(label, 0, "", "not valid YAML: " + e.getMessage());
    }
    if (root.isEmpty()) {
      throw new ScenarioException(label, 1, "", "the file is empty");
    }
    return new Reader(new ScenarioNode(label, "", root.get())).scenario();
  }

  private static String resource(String name, Supplier<String> missing) {
    try (InputStream in = ScenarioLoader.class.getResourceAsStream(SUITE + name)) {
      if (in == null) {
        throw new IllegalArgumentException(missing.get());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read bundled " + name, e);
    }
  }

  /** Reads one file's tree; each method reads one section. */
  private static final class Reader {
    private static final double MAX = Double.MAX_VALUE;
    private final ScenarioNode root;

    Reader(ScenarioNode root) {
      this.root = root;
    }

    Scenario scenario() {
      root.requireMap(
          "name",
          "description",
          "seed",
          "requests",
          "warmup",
          "backends",
          "arrivals",
          "sizes",
          "keys",
          "request",
          "metrics",
          "balancers",
          "faults",
          "window");
      String name = root.require("name").text().strip();
      if (name.isEmpty()) {
        throw root.require("name").error("must not be empty");
      }
      String description = root.get("description") == null ? "" : root.get("description").text();
      long seed =
          root.get("seed") == null ? 1 : root.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE);
      long requests =
          root.get("requests") == null
              ? 1_000_000
              : root.get("requests").integer(2, Integer.MAX_VALUE);
      long warmup =
          root.get("warmup") == null ? requests / 10 : root.get("warmup").integer(0, requests - 1);
      List<BackendSpec> backends = backends(root.require("backends"));
      SizeDistribution sizes =
          root.get("sizes") == null
              ? new SizeDistribution.Exponential(1)
              : sizes(root.get("sizes"));
      double capacity = 0;
      for (BackendSpec b : backends) {
        capacity += b.capacity();
      }
      ArrivalSpec arrivals = arrivals(root.require("arrivals"), capacity / sizes.mean());
      KeySpec keys = root.get("keys") == null ? KeySpec.NONE : keys(root.get("keys"));
      RequestSpec request =
          root.get("request") == null ? RequestSpec.DEFAULT : request(root.get("request"));
      MetricsSpec metrics =
          root.get("metrics") == null ? MetricsSpec.DEFAULT : metrics(root.get("metrics"));
      BalancerSpec balancers =
          root.get("balancers") == null ? BalancerSpec.DEFAULT : balancers(root.get("balancers"));
      Set<String> ids = new HashSet<>();
      backends.forEach(b -> ids.add(b.id()));
      List<FaultSpec> faults =
          root.get("faults") == null ? List.of() : faults(root.get("faults"), ids);
      ReportWindow window =
          root.get("window") == null ? ReportWindow.NONE : window(root.get("window"));
      return build(
          root,
          () ->
              new Scenario(
                  name,
                  description,
                  seed,
                  requests,
                  warmup,
                  backends,
                  arrivals,
                  sizes,
                  keys,
                  request,
                  metrics,
                  balancers,
                  faults,
                  window));
    }

    ReportWindow window(ScenarioNode node) {
      node.requireMap("from", "to");
      double from = node.require("from").seconds(0, MAX);
      double to =
          node.get("to") == null ? Double.POSITIVE_INFINITY : node.get("to").seconds(0, MAX);
      if (!(to > from)) {
        throw node.get("to").error("must be later than from (" + from + "s) but was " + to + "s");
      }
      return new ReportWindow(from, to);
    }

    List<BackendSpec> backends(ScenarioNode node) {
      List<BackendSpec> out = new ArrayList<>();
      Map<String, ScenarioNode> seen = new LinkedHashMap<>();
      List<ScenarioNode> groups = node.items();
      if (groups.isEmpty()) {
        throw node.error("must list at least one backend");
      }
      for (ScenarioNode g : groups) {
        g.requireMap(
            "id",
            "count",
            "rate",
            "rates",
            "concurrency",
            "weight",
            "queueLimit",
            "memory",
            "background");
        List<Double> rates = new ArrayList<>();
        if (g.get("rates") != null) {
          if (g.get("rate") != null || g.get("count") != null) {
            throw g.get("rates").error("give either rates, or rate and count, not both");
          }
          for (ScenarioNode r : g.get("rates").items()) {
            rates.add(r.positive());
          }
          if (rates.isEmpty()) {
            throw g.get("rates").error("must list at least one rate");
          }
        } else {
          double rate = g.require("rate").positive();
          long count = g.get("count") == null ? 1 : g.get("count").integer(1, 65_536);
          for (int i = 0; i < count; i++) {
            rates.add(rate);
          }
        }
        int concurrency =
            g.get("concurrency") == null ? 1 : (int) g.get("concurrency").integer(1, 4096);
        int weight = g.get("weight") == null ? 1 : (int) g.get("weight").integer(1, 1_000_000);
        int queueLimit = -1;
        ScenarioNode limit = g.get("queueLimit");
        if (limit != null && !limit.text().strip().equals("unbounded")) {
          queueLimit = (int) g.get("queueLimit").integer(0, Integer.MAX_VALUE);
        }
        double memory = g.get("memory") == null ? 0.2 : g.get("memory").number(0, 1);
        BackgroundSpec background =
            g.get("background") == null ? BackgroundSpec.NONE : background(g.get("background"));
        String prefix = g.get("id") == null ? null : g.get("id").text().strip();
        for (int i = 0; i < rates.size(); i++) {
          String id =
              prefix == null ? "b" + out.size() : rates.size() == 1 ? prefix : prefix + "-" + i;
          ScenarioNode where = g.get("id") == null ? g : g.get("id");
          if (seen.putIfAbsent(id, where) != null) {
            throw where.error(
                "backend id \""
                    + id
                    + "\" is used twice (first at line "
                    + seen.get(id).line()
                    + ")");
          }
          double rate = rates.get(i);
          int q = queueLimit;
          out.add(
              build(
                  g, () -> new BackendSpec(id, weight, concurrency, rate, q, memory, background)));
        }
      }
      return out;
    }

    BackgroundSpec background(ScenarioNode node) {
      BackgroundSpec load = backgroundLoad(node);
      ScenarioNode priority = node.get("priority");
      if (priority != null && priority.choice("normal", "idle").equals("idle")) {
        return load.equals(BackgroundSpec.NONE) ? load : new BackgroundSpec.Idle(load);
      }
      return load;
    }

    private BackgroundSpec backgroundLoad(ScenarioNode node) {
      node.requireMap(
          "kind",
          "priority",
          "level",
          "offLevel",
          "meanOn",
          "meanOff",
          "volatility",
          "reversion",
          "step",
          "steps");
      String kind = node.require("kind").choice("none", "constant", "on-off", "drift", "steps");
      double max = BackgroundSpec.MAX_LEVEL;
      switch (kind) {
        case "none":
          return BackgroundSpec.NONE;
        case "constant":
          return new BackgroundSpec.Constant(node.require("level").number(0, max));
        case "on-off":
          return build(
              node,
              () ->
                  new BackgroundSpec.OnOff(
                      node.require("level").number(0, max),
                      node.get("offLevel") == null ? 0 : node.get("offLevel").number(0, max),
                      node.require("meanOn").positiveSeconds(),
                      node.require("meanOff").positiveSeconds()));
        case "drift":
          return build(
              node,
              () ->
                  new BackgroundSpec.Drift(
                      node.require("level").number(0, max),
                      node.require("volatility").number(0, 10),
                      node.get("reversion") == null ? 0.1 : node.get("reversion").number(0, 1000),
                      node.get("step") == null ? 1 : node.get("step").seconds(1e-3, MAX)));
        default:
          List<BackgroundSpec.Step> steps = new ArrayList<>();
          double last = 0;
          for (ScenarioNode s : node.require("steps").items()) {
            s.requireMap("at", "level");
            double at = s.require("at").seconds(0, MAX);
            if (at < last) {
              throw s.require("at").error("steps must be in time order");
            }
            last = at;
            steps.add(new BackgroundSpec.Step(at, s.require("level").number(0, max)));
          }
          double initial = node.get("level") == null ? 0 : node.get("level").number(0, max);
          return new BackgroundSpec.Steps(initial, steps);
      }
    }

    SizeDistribution sizes(ScenarioNode node) {
      node.requireMap("distribution", "mean", "shape", "small", "large", "largeFraction");
      String kind =
          node.require("distribution").choice("exponential", "pareto", "bimodal", "constant");
      switch (kind) {
        case "exponential":
          return new SizeDistribution.Exponential(mean(node));
        case "pareto":
          return new SizeDistribution.Pareto(
              node.require("shape").number(1.0000001, 100), mean(node));
        case "constant":
          return new SizeDistribution.Constant(mean(node));
        default:
          double small = node.require("small").number(0, MAX);
          double large = node.require("large").number(small, MAX);
          double fraction = node.require("largeFraction").number(0, 1);
          return build(node, () -> new SizeDistribution.Bimodal(small, large, fraction));
      }
    }

    private static double mean(ScenarioNode node) {
      return node.get("mean") == null ? 1 : node.get("mean").positive();
    }

    ArrivalSpec arrivals(ScenarioNode node, double ratePerUnitLoad) {
      node.requireMap(
          "process",
          "load",
          "rate",
          "burstFactor",
          "meanCalm",
          "meanBurst",
          "period",
          "amplitude",
          "surges");
      String process =
          node.get("process") == null
              ? "poisson"
              : node.get("process").choice("poisson", "mmpp", "diurnal");
      double rate;
      if (node.get("load") != null && node.get("rate") != null) {
        throw node.get("rate").error("give either load or rate, not both");
      } else if (node.get("load") != null) {
        rate = node.get("load").positive() * ratePerUnitLoad;
      } else if (node.get("rate") != null) {
        rate = node.get("rate").positive();
      } else {
        throw node.missing("load", "is required (or rate)");
      }
      List<ArrivalSpec.Surge> surges = new ArrayList<>();
      if (node.get("surges") != null) {
        for (ScenarioNode s : node.get("surges").items()) {
          s.requireMap("at", "duration", "factor");
          surges.add(
              new ArrivalSpec.Surge(
                  s.require("at").seconds(0, MAX),
                  s.require("duration").positiveSeconds(),
                  s.require("factor").positive()));
        }
      }
      return build(
          node,
          () ->
              new ArrivalSpec(
                  ArrivalSpec.Process.valueOf(process.toUpperCase(java.util.Locale.ROOT)),
                  rate,
                  node.get("burstFactor") == null ? 1 : node.get("burstFactor").number(1, 1e6),
                  node.get("meanCalm") == null ? 60 : node.get("meanCalm").positiveSeconds(),
                  node.get("meanBurst") == null ? 10 : node.get("meanBurst").positiveSeconds(),
                  node.get("period") == null ? 86_400 : node.get("period").positiveSeconds(),
                  node.get("amplitude") == null ? 0 : node.get("amplitude").number(0, 1),
                  surges));
    }

    KeySpec keys(ScenarioNode node) {
      node.requireMap("count", "zipf");
      return new KeySpec(
          (int) node.require("count").integer(0, 10_000_000),
          node.get("zipf") == null ? 0 : node.get("zipf").number(0, 5));
    }

    RequestSpec request(ScenarioNode node) {
      node.requireMap("timeout", "memory", "bytesIn", "bytesOut");
      RequestSpec d = RequestSpec.DEFAULT;
      return new RequestSpec(
          node.get("timeout") == null ? d.timeoutSeconds() : node.get("timeout").seconds(0, MAX),
          node.get("memory") == null ? d.memoryPerRequest() : node.get("memory").number(0, 1),
          node.get("bytesIn") == null ? d.bytesIn() : node.get("bytesIn").number(0, MAX),
          node.get("bytesOut") == null ? d.bytesOut() : node.get("bytesOut").number(0, MAX));
    }

    MetricsSpec metrics(ScenarioNode node) {
      node.requireMap("period", "lag", "noise");
      MetricsSpec d = MetricsSpec.DEFAULT;
      return new MetricsSpec(
          node.get("period") == null ? d.periodSeconds() : node.get("period").seconds(0, MAX),
          node.get("lag") == null ? d.lagSeconds() : node.get("lag").seconds(0, MAX),
          node.get("noise") == null ? d.noise() : node.get("noise").number(0, 1));
    }

    BalancerSpec balancers(ScenarioNode node) {
      node.requireMap("count", "refresh", "detectFailure", "options");
      BalancerSpec d = BalancerSpec.DEFAULT;
      Map<String, Map<String, String>> options = new LinkedHashMap<>();
      if (node.get("options") != null) {
        ScenarioNode all = node.get("options");
        if (!all.isMap()) {
          throw all.error("must map strategy names to their options");
        }
        for (String strategy : all.keys()) {
          ScenarioNode opts = all.get(strategy);
          if (!opts.isMap()) {
            throw opts.error("must map option names to values");
          }
          Map<String, String> values = new LinkedHashMap<>();
          for (String key : opts.keys()) {
            values.put(key, opts.get(key).text().strip());
          }
          options.put(strategy, values);
        }
      }
      return new BalancerSpec(
          node.get("count") == null ? d.count() : (int) node.get("count").integer(1, 1024),
          node.get("refresh") == null ? d.refreshSeconds() : node.get("refresh").seconds(0, MAX),
          node.get("detectFailure") == null
              ? d.detectFailureSeconds()
              : node.get("detectFailure").seconds(0, MAX),
          options);
    }

    List<FaultSpec> faults(ScenarioNode node, Set<String> ids) {
      List<FaultSpec> out = new ArrayList<>();
      for (ScenarioNode f : node.items()) {
        f.requireMap("kind", "backend", "at", "duration", "factor", "offCpu", "pause", "period");
        String kind = f.require("kind").choice("crash", "slowdown", "stall");
        String backend = f.require("backend").text().strip();
        if (!backend.equals("all") && !ids.contains(backend)) {
          throw f.require("backend")
              .error("no backend has id \"" + backend + "\" (use one of the ids or \"all\")");
        }
        double at =
            kind.equals("stall") && f.get("at") == null ? 0 : f.require("at").seconds(0, MAX);
        double duration =
            f.get("duration") == null
                ? Double.POSITIVE_INFINITY
                : f.get("duration").positiveSeconds();
        for (String field : List.of("pause", "period")) {
          if (!kind.equals("stall") && f.get(field) != null) {
            throw f.get(field).error("only a stall has a " + field);
          }
        }
        for (String field : List.of("factor", "offCpu")) {
          if (!kind.equals("slowdown") && f.get(field) != null) {
            throw f.get(field)
                .error("only a slowdown has " + (field.equals("factor") ? "a factor" : "offCpu"));
          }
        }
        if (kind.equals("crash")) {
          out.add(new FaultSpec.Crash(backend, at, duration));
        } else if (kind.equals("stall")) {
          // Microseconds at least: the simulator counts time in whole nanoseconds.
          double pause = f.require("pause").seconds(FaultSpec.Stall.MIN_SECONDS, MAX);
          ScenarioNode periodNode = f.require("period");
          double period = periodNode.seconds(FaultSpec.Stall.MIN_SECONDS, MAX);
          if (!(period >= pause + FaultSpec.Stall.MIN_SECONDS)) {
            throw periodNode.error(
                "must be longer than pause (" + pause + "s) but was " + period + "s");
          }
          out.add(new FaultSpec.Stall(backend, at, duration, pause, period));
        } else {
          double factor = f.require("factor").number(1, 1e6);
          boolean offCpu = f.get("offCpu") != null && f.get("offCpu").bool();
          out.add(new FaultSpec.Slowdown(backend, at, duration, factor, offCpu));
        }
      }
      return out;
    }

    /** Runs a record constructor, turning its validation errors into located ones. */
    private static <T> T build(ScenarioNode where, Supplier<T> constructor) {
      try {
        return constructor.get();
      } catch (ScenarioException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw where.error(e.getMessage());
      }
    }
  }
}
