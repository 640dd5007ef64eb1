package bench.operaton;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.ProcessEngineConfiguration;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.jobexecutor.DefaultJobExecutor;

/**
 * The Operaton peer of bench/throughput.ts: an Operaton process engine on the benchmark's
 * PostgreSQL (BENCH_JDBC_URL, BENCH_JDBC_USER, BENCH_JDBC_PASSWORD), job executor on, the
 * straight-through diagram deployed twice: `async` (every service task asyncBefore: each step
 * a committed job) and `sync` (no asyncBefore: one transaction per instance).
 *
 * Standalone: `java -cp ... bench.operaton.Main [instances] [concurrency] [rounds]` runs a
 * warm-up and the rounds of both and prints one JSON line. With `--serve`, it answers
 * `batch <async|sync> <count> <concurrency>` and `check` on stdin with one JSON line each on
 * stdout, so that bench/throughput.ts interleaves its batches with the other variants.
 */
public final class Main {
  static final String ASYNC = "straight_through";
  static final String SYNC = "straight_through_sync";
  static final int WARM_UP = 40;
  static final long INSTANCE_TIMEOUT_SECONDS = 120;

  private final ProcessEngine engine;
  private final DefaultJobExecutor jobExecutor;

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    List<String> positional = new ArrayList<>();
    boolean serve = false;
    for (String arg : args) {
      if (arg.equals("--serve")) serve = true;
      else positional.add(arg);
    }
    try {
      Main main = new Main(Integer.parseInt(System.getenv().getOrDefault("BENCH_JOB_THREADS", "10")));
      try {
        if (serve) main.serve();
        else main.standalone(arg(positional, 0, 200), arg(positional, 1, 20), arg(positional, 2, 3));
      } finally {
        main.engine.close();
      }
    } catch (Throwable error) {
      error.printStackTrace();
      System.exit(1); // the job executor's threads would keep a failed JVM alive
    }
    System.exit(0);
  }

  private static int arg(List<String> positional, int index, int fallback) {
    return positional.size() > index ? Integer.parseInt(positional.get(index)) : fallback;
  }

  Main(int jobThreads) throws Exception {
    String url = required("BENCH_JDBC_URL");
    jobExecutor = new DefaultJobExecutor();
    // Enough threads for 20 instances in flight on 2 cores; each acquisition takes as many jobs as threads.
    jobExecutor.setCorePoolSize(jobThreads);
    jobExecutor.setMaxPoolSize(jobThreads);
    jobExecutor.setQueueSize(jobThreads);
    jobExecutor.setMaxJobsPerAcquisition(jobThreads);
    ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration.createStandaloneProcessEngineConfiguration()
        .setJdbcUrl(url)
        .setJdbcUsername(required("BENCH_JDBC_USER"))
        .setJdbcPassword(System.getenv().getOrDefault("BENCH_JDBC_PASSWORD", ""))
        .setJdbcDriver("org.postgresql.Driver")
        .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
        .setHistory(ProcessEngineConfiguration.HISTORY_AUDIT)
        .setJobExecutorActivate(true);
    config.setJdbcMaxActiveConnections(jobThreads + 40);
    config.setJobExecutor(jobExecutor);
    config.setMetricsEnabled(false);
    engine = config.buildProcessEngine();
    try (Connection connection = config.getDataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS bench");
      statement.execute("CREATE TABLE IF NOT EXISTS bench.steps (step_key text PRIMARY KEY, amount numeric NOT NULL, at timestamptz NOT NULL DEFAULT now())");
    }
    String asyncXml = resource("straight-through.bpmn");
    String syncXml = asyncXml.replace(" camunda:asyncBefore=\"true\"", "").replace("id=\"" + ASYNC + "\"", "id=\"" + SYNC + "\"");
    if (syncXml.contains("camunda:asyncBefore=") || !syncXml.contains(SYNC)) throw new IllegalStateException("the synchronous variant of straight-through.bpmn was not derived");
    engine.getRepositoryService().createDeployment().name("straight-through").enableDuplicateFiltering(false)
        .addString("straight-through.bpmn", asyncXml)
        .addString("straight-through-sync.bpmn", syncXml)
        .deploy();
    engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(ASYNC).latestVersion().singleResult().getId();
    engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(SYNC).latestVersion().singleResult().getId();
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) throw new IllegalArgumentException(name + " is required (JDBC URL, user and password of the benchmark's PostgreSQL)");
    return value;
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = Main.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException(name + " missing from the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The amount of instance `i`, as bench-step.ts's amountOf: every branch of the gateway is taken. */
  static int amountOf(int i) {
    return new int[] {50, 500, 5000}[i % 3];
  }

  record Batch(String process, int instances, int concurrency, double perSecond, double cpuMs) {
    String json() {
      return String.format(Locale.ROOT, "{\"process\":\"%s\",\"instances\":%d,\"concurrency\":%d,\"perSecond\":%.2f,\"cpuMs\":%.1f}", process, instances, concurrency, perSecond, cpuMs);
    }
  }

  /** Runs `count` instances, at most `concurrency` at a time, each to its end (committed); JVM CPU over the batch. */
  Batch batch(String mode, int count, int concurrency) throws Exception {
    String key = mode.equals("async") ? ASYNC : mode.equals("sync") ? SYNC : null;
    if (key == null) throw new IllegalArgumentException("process must be async or sync, got " + mode);
    var runtime = engine.getRuntimeService();
    AtomicInteger next = new AtomicInteger();
    ExecutorService callers = Executors.newFixedThreadPool(concurrency);
    long cpuBefore = processCpuNanos();
    long started = System.nanoTime();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < Math.min(concurrency, count); c++) {
        running.add(callers.submit(() -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            String businessKey = UUID.randomUUID().toString();
            CompletableFuture<String> ended = new CompletableFuture<>();
            InstanceEnded.WAITING.put(businessKey, ended);
            try {
              runtime.startProcessInstanceByKey(key, businessKey, Map.of("amount", amountOf(i)));
              ended.get(INSTANCE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } finally {
              InstanceEnded.WAITING.remove(businessKey);
            }
          }
          return null;
        }));
      }
      for (Future<?> each : running) each.get();
    } finally {
      callers.shutdownNow();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Batch(mode, count, concurrency, count / seconds, (processCpuNanos() - cpuBefore) / 1e6);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Rows in bench.steps and completed instances in the history: every instance did its five steps and ended. */
  String check() throws Exception {
    long completed = engine.getHistoryService().createHistoricProcessInstanceQuery().completed().count();
    long unfinished = engine.getRuntimeService().createProcessInstanceQuery().count();
    long incidents = engine.getRuntimeService().createIncidentQuery().count();
    long steps;
    var config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    try (Connection connection = config.getDataSource().getConnection(); Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM bench.steps")) {
      rows.next();
      steps = rows.getLong(1);
    }
    return String.format(Locale.ROOT, "{\"check\":true,\"steps\":%d,\"completed\":%d,\"running\":%d,\"incidents\":%d}", steps, completed, unfinished, incidents);
  }

  String settings() {
    return String.format(Locale.ROOT, "{\"engine\":\"Operaton %s\",\"history\":\"audit\",\"jobThreads\":%d,\"maxJobsPerAcquisition\":%d,\"java\":\"%s\"}",
        ProcessEngine.class.getPackage().getImplementationVersion(), jobExecutor.getCorePoolSize(), jobExecutor.getMaxJobsPerAcquisition(), System.getProperty("java.version"));
  }

  void serve() throws Exception {
    System.out.println("{\"ready\":true,\"settings\":" + settings() + "}");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] words = line.trim().split("\\s+");
      try {
        switch (words[0]) {
          case "batch" -> System.out.println(batch(words[1], Integer.parseInt(words[2]), Integer.parseInt(words[3])).json());
          case "check" -> System.out.println(check());
          case "quit" -> {
            return;
          }
          default -> throw new IllegalArgumentException("unknown command: " + line);
        }
      } catch (Exception error) {
        System.out.println("{\"error\":" + quote(error.toString()) + "}");
      }
      System.out.flush();
    }
  }

  void standalone(int instances, int concurrency, int rounds) throws Exception {
    for (String mode : List.of("async", "sync")) batch(mode, WARM_UP, concurrency);
    StringBuilder json = new StringBuilder("{\"benchmark\":\"throughput-operaton\",\"settings\":" + settings() + ",\"instances\":" + instances + ",\"concurrency\":" + concurrency + ",\"rounds\":" + rounds);
    for (String mode : List.of("async", "sync")) {
      List<Batch> batches = new ArrayList<>();
      for (int round = 0; round < rounds; round++) batches.add(batch(mode, instances, concurrency));
      json.append(",\"").append(mode).append("\":{\"perSecond\":[");
      for (int k = 0; k < batches.size(); k++) json.append(k > 0 ? "," : "").append(String.format(Locale.ROOT, "%.2f", batches.get(k).perSecond()));
      double cpu = batches.stream().mapToDouble(Batch::cpuMs).sum() / (rounds * (double) instances);
      json.append(String.format(Locale.ROOT, "],\"jvmCpuMsPerInstance\":%.1f}", cpu));
    }
    json.append(",\"check\":").append(check()).append('}');
    System.out.println(json);
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
