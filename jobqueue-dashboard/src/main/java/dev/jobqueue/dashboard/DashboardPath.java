package dev.jobqueue.dashboard;

/** The path the dashboard is mounted under, checked: {@code /jobqueue}. */
record DashboardPath(String value) {}
