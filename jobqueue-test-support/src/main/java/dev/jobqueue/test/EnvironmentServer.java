package dev.jobqueue.test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server named by a JDBC URL in the environment. */
final class EnvironmentServer implements DatabaseServer {

    private static final Pattern URL = Pattern.compile("(jdbc:(?:mysql|mariadb)://[^/?]+)(?:/([^?]*))?(?:\\?(.*))?");

    private final String base;
    private final String user;
    private final String password;

    EnvironmentServer(String url, String user, String password) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(TestDatabase.URL_VARIABLE
                    + " must look like jdbc:mysql://host:port/database?properties but was " + url);
        }
        this.base = matcher.group(1);
        this.user = user;
        this.password = password;
    }

    @Override
    public String jdbcUrl(String database) {
        return base + "/" + database;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String description() {
        return "the server of " + TestDatabase.URL_VARIABLE + " (" + base + ")";
    }
}
