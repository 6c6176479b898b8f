/** Checks on settings whose failures name the setting, its value and the rule it broke. */
package io.kpool.core.config;
