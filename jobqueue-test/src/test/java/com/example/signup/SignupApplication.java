package com.example.signup;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application around the samples of docs/getting-started.md (WelcomeEmail, WelcomeEmails and
 * Signups here are copied from it as shown), for the test of docs/testing.md, SignupTests.
 */
@SpringBootApplication
class SignupApplication {}
