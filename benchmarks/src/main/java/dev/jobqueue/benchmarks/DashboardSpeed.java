package dev.jobqueue.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard's speed target of issue 15: the tables {@code jobs} and {@code jobs_data} of a
 * database of its own filled with 1,000,000 finished and 100,000 scheduled jobs over 5 job types
 * and 4 tenants, an application with the dashboard on a real web server, and each page requested
 * over HTTP after a warm-up; prints p50 and p95 per page and the {@code EXPLAIN} of every
 * statement each page runs (taken from the server's general log) as markdown.
 *
 * <pre>java -Xmx512m -cp benchmarks/target/jobqueue-benchmarks.jar \
 *     -Dloader.main=dev.jobqueue.benchmarks.DashboardSpeed org.springframework.boot.loader.launch.PropertiesLauncher \
 *     --url jdbc:mariadb://127.0.0.1:3306/jobqueue_dashspeed</pre>
 */
public final class DashboardSpeed {

    private static final String USAGE = """
            Usage: DashboardSpeed --url JDBC_URL [--user root] [--password ''] [--scale 1.0] [--requests 50]
                                  [--warmup 20]
            The database of --url must exist; its tables jobs and jobs_data are created if missing and EMPTIED.
            """;
    private static final Pattern CURSOR = Pattern.compile("cursor=([^\"&]+)\"");

    private DashboardSpeed() {}

    /**
     * Runs the measurement.
     *
     * @param args the options of {@link #USAGE}
     * @throws Exception when the database or a page fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String url = options.get("url");
        if (url == null) {
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        String user = options.getOrDefault("user", "root");
        String password = options.getOrDefault("password", "");
        double scale = Double.parseDouble(options.getOrDefault("scale", "1.0"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "50"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "20"));
        BenchmarkOptions benchOptions = BenchmarkOptions.parse(
                new String[] {"--url", url, "--user", user, "--password", password, "--table", "jobs"});
        try (BenchDatabase db = BenchDatabase.open(benchOptions)) {
            db.prepare(12);
            db.truncate();
            int finished = (int) Math.round(1_000_000 * scale);
            int scheduled = (int) Math.round(100_000 * scale);
            double fillSeconds = new DashboardFiller(db).fill(finished, scheduled);
            db.run("ANALYZE TABLE jobs, jobs_data");
            System.out.printf(
                    "Filled %,d finished and %,d scheduled jobs in %.1f s; rows per state %s; %d partitions%n",
                    finished, scheduled, fillSeconds, db.countByState(), db.partitions("jobs"));
            try (ConfigurableApplicationContext context = start(db)) {
                String base = "http://127.0.0.1" + ":"
                        + context.getEnvironment().getProperty("local.server.port") + "/jobqueue";
                HttpClient http = HttpClient.newHttpClient();
                Map<String, String> pages = pages(db, http, base);
                Map<String, Latencies> times = new LinkedHashMap<>();
                for (int round = 0; round < warmup + requests; round++) {
                    for (Map.Entry<String, String> page : pages.entrySet()) {
                        long start = System.nanoTime();
                        get(http, page.getValue());
                        long micros = (System.nanoTime() - start) / 1_000;
                        if (round >= warmup) {
                            times.computeIfAbsent(page.getKey(), k -> new Latencies())
                                    .record(micros);
                        }
                    }
                }
                System.out.println();
                System.out.println("| page | request | p50 ms | p95 ms | max ms |");
                System.out.println("|---|---|---:|---:|---:|");
                for (Map.Entry<String, Latencies> entry : times.entrySet()) {
                    Latencies latencies = entry.getValue();
                    System.out.printf(
                            "| %s | `%s` | %.1f | %.1f | %.1f |%n",
                            entry.getKey(),
                            pages.getOrDefault(entry.getKey(), base).substring(base.length() - "/jobqueue".length()),
                            latencies.p50(),
                            latencies.percentileMillis(95),
                            latencies.max());
                }
                System.out.println();
                explainEachPage(db, http, pages);
            }
        }
    }

    private static ConfigurableApplicationContext start(BenchDatabase db) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", db.url());
        properties.put("spring.datasource.username", db.user());
        properties.put("spring.datasource.password", db.password());
        properties.put("spring.jpa.open-in-view", false);
        properties.put("server.port", 0);
        properties.put("jobqueue.table", "jobs");
        properties.put("jobqueue.tenants", StarterNode.TENANT);
        properties.put("jobqueue.embedded.enabled", false);
        properties.put("jobqueue.dashboard.enabled", true);
        properties.put("logging.level.root", "WARN");
        return new SpringApplicationBuilder(BenchApplication.class)
                .web(WebApplicationType.SERVLET)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(properties)
                .run();
    }

    /** The pages measured, by name: each view, the search with and without filters, and its second page. */
    private static Map<String, String> pages(BenchDatabase db, HttpClient http, String base) throws Exception {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("overview", base);
        pages.put("overview table (htmx reload)", base + "/overview/queues");
        pages.put("jobs, no filter", base + "/jobs");
        pages.put("jobs, type and state", base + "/jobs?type=3&state=DONE");
        pages.put("jobs, type, tenant and state", base + "/jobs?type=4&tenant=2&state=SCHEDULED");
        Matcher cursor = CURSOR.matcher(get(http, base + "/jobs"));
        if (!cursor.find()) {
            throw new IllegalStateException("The first page of jobs has no link to the next");
        }
        pages.put("jobs, page 2 (keyset)", base + "/jobs?cursor=" + cursor.group(1));
        String failed;
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id FROM jobs WHERE job_type = 5 AND state = 4"
                        + " AND tenant = 3 ORDER BY id DESC LIMIT 1")) {
            rs.next();
            failed = rs.getString(1);
        }
        pages.put("job (a failed one)", base + "/jobs/" + failed);
        pages.put("nodes", base + "/nodes");
        pages.put("partitions", base + "/partitions");
        pages.put("recurring", base + "/recurring");
        return pages;
    }

    /**
     * Requests each page once with the general log on and prints the {@code EXPLAIN} of every
     * SELECT the application's connections sent meanwhile. The log's previous settings are put back.
     */
    private static void explainEachPage(BenchDatabase db, HttpClient http, Map<String, String> pages) throws Exception {
        String database = db.url().replaceAll("^.*/([^/?]+).*$", "$1");
        String output = queryText(db, "SELECT @@GLOBAL.log_output");
        String general = queryText(db, "SELECT @@GLOBAL.general_log");
        db.run("SET GLOBAL log_output = 'TABLE'");
        db.run("SET GLOBAL general_log = 1");
        try {
            for (Map.Entry<String, String> page : pages.entrySet()) {
                db.run("TRUNCATE TABLE mysql.general_log");
                get(http, page.getValue());
                Set<String> statements = new LinkedHashSet<>();
                try (Connection connection = db.connect();
                        Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT CONVERT(argument USING utf8mb4) FROM"
                                + " mysql.general_log WHERE command_type IN ('Query', 'Execute') AND thread_id IN"
                                + " (SELECT id FROM information_schema.processlist WHERE db = '" + database
                                + "' AND user = '" + db.user() + "') ORDER BY event_time")) {
                    while (rs.next()) {
                        String sql = rs.getString(1).replaceAll("\\s+", " ").trim();
                        if (sql.regionMatches(true, 0, "select", 0, 6) && !sql.contains("general_log")) {
                            statements.add(sql);
                        }
                    }
                }
                System.out.println("### " + page.getKey());
                System.out.println();
                for (String sql : statements) {
                    System.out.println("```sql");
                    System.out.println(sql + ";");
                    System.out.println("```");
                    System.out.println();
                    System.out.println(explainTable(db, sql));
                }
            }
        } finally {
            db.run("SET GLOBAL general_log = " + general);
            db.run("SET GLOBAL log_output = '" + output + "'");
        }
    }

    private static String explainTable(BenchDatabase db, String sql) throws Exception {
        StringBuilder table =
                new StringBuilder("| table | type | key | key_len | rows | Extra |\n|---|---|---|---|---:|---|\n");
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("EXPLAIN " + sql)) {
            while (rs.next()) {
                table.append("| ")
                        .append(rs.getString("table"))
                        .append(" | ")
                        .append(rs.getString("type"))
                        .append(" | ")
                        .append(rs.getString("key"))
                        .append(" | ")
                        .append(rs.getString("key_len"))
                        .append(" | ")
                        .append(rs.getString("rows"))
                        .append(" | ")
                        .append(rs.getString("Extra"))
                        .append(" |\n");
            }
        }
        return table.toString();
    }

    private static String queryText(BenchDatabase db, String sql) throws Exception {
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
        return response.body();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Unknown option " + args[i] + "\n" + USAGE);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
