/** What kpool's unit suites share; a test-scope dependency of the modules whose tests use it. */
package io.kpool.testkit;
