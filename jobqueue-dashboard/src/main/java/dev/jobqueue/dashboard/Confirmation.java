package dev.jobqueue.dashboard;

import java.util.Map;

/**
 * The confirm step of an action: what it will do, and the form that does it (a POST to
 * {@code action} with {@code fields} and the CSRF token).
 *
 * @param title the page's heading
 * @param question what the action will do, in words
 * @param action where the form posts to
 * @param fields hidden fields of the form
 * @param back where "No" leads
 */
record Confirmation(String title, String question, String action, Map<String, String> fields, String back) {

    static final String VIEW = "jobqueue/confirm";
}
