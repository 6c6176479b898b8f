package io.kpool.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.protocol.DeadLetterReason;
import io.kpool.core.handler.JobHandler;
import io.kpool.core.handler.JobHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobIntakeTest {

    /** A handler that takes anything, for the checks that come before the payload's. */
    private static final JobHandler ANYTHING = new JobHandler() {
        @Override
        public String name() {
            return "any";
        }

        @Override
        public com.fasterxml.jackson.databind.JsonNode handle(com.fasterxml.jackson.databind.JsonNode payload) {
            return payload;
        }
    };

    /** The jobs' record timestamp. */
    private static final long SUBMITTED = 1_800_000_000_000L;

    private final JobIntake intake = new JobIntake(new IntakeLimits(200, 10), "any",
            name -> name.equals("any") ? Optional.of(ANYTHING) : JobHandlers.find(name));

    private Verdict check(String value) {
        return intake.check(value.getBytes(StandardCharsets.UTF_8), SUBMITTED);
    }

    @Test
    void acceptsAJobWithAnIdAndAPayload() {
        Verdict verdict = check("{\"id\":\"j1\",\"payload\":21}");

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Accepted.class, a -> {
            assertThat(a.job().id()).isEqualTo("j1");
            assertThat(a.job().payload().intValue()).isEqualTo(21);
        });
    }

    @Test
    void acceptsANullPayload() {
        assertThat(check("{\"id\":\"j1\",\"payload\":null}")).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void acceptsAJobNamingAHandlerOfThePool() {
        assertThat(check("{\"id\":\"j1\",\"payload\":5,\"handler\":\"double\"}"))
                .isInstanceOfSatisfying(Verdict.Accepted.class, a -> assertThat(a.job().handler()).isEqualTo("double"));
    }

    @Test
    void knowsAJobMovedOffASlotByItsAttempt() {
        assertThat(check("{\"id\":\"j1\",\"payload\":5,\"attempt\":2}"))
                .isInstanceOfSatisfying(Verdict.Accepted.class, a -> assertThat(a.job().attempt()).isEqualTo(2));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "not json at all               | NOT_JSON        | Unrecognized token",
            "{\"id\": \"j1\",              | NOT_JSON        | line 1",
            "[1, 2]                        | NOT_AN_OBJECT   | an array",
            "42                            | NOT_AN_OBJECT   | a number",
            "{\"payload\": 1}              | MISSING_ID      | no \"id\"",
            "{\"id\": 7, \"payload\": 1}   | MISSING_ID      | must be a string, but was a number",
            "{\"id\": \"  \", \"payload\": 1} | BLANK_ID     | cannot be blank",
            "{\"id\": \"abcdefghijk\", \"payload\": 1} | ID_TOO_LONG | 11 characters, over the limit of 10",
            "{\"id\": \"j1\"}              | MISSING_PAYLOAD | no \"payload\"",
            "{\"id\": \"j1\", \"payload\": 1, \"handler\": \"triple\"} | UNKNOWN_HANDLER | no handler named 'triple'",
            "{\"id\": \"j1\", \"payload\": 1, \"handler\": 3} | UNKNOWN_HANDLER | must be a string",
            "{\"id\": \"j1\", \"payload\": \"five\", \"handler\": \"double\"} | WRONG_PAYLOAD | double takes an integer payload, but was string",
            "{\"id\": \"j1\", \"payload\": -5, \"handler\": \"sleep\"} | WRONG_PAYLOAD | sleep takes milliseconds",
    })
    void rejectsWhatCannotBeRunWithAReasonThatNamesTheProblem(String value, DeadLetterReason reason, String detail) {
        assertThat(check(value)).isInstanceOfSatisfying(Verdict.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(reason);
            assertThat(r.detail()).contains(detail);
        });
    }

    @Test
    void rejectsANullValue() {
        assertThat(intake.check(null, SUBMITTED)).isInstanceOfSatisfying(Verdict.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(DeadLetterReason.NULL_VALUE));
    }

    @Test
    void rejectsAJobOverTheSizeLimit() {
        String big = "{\"id\":\"j1\",\"payload\":\"" + "x".repeat(300) + "\"}";

        assertThat(check(big)).isInstanceOfSatisfying(Verdict.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
            assertThat(r.detail()).contains("over the limit of 200 bytes");
        });
    }

    @Test
    void rejectsBinaryGarbageAndKeepsItAsBase64() {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x81};

        assertThat(intake.check(garbage, SUBMITTED)).isInstanceOfSatisfying(Verdict.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(DeadLetterReason.NOT_JSON));
        assertThat(RawValue.of(garbage)).isEqualTo(new RawValue("//4AgQ==", RawValue.BASE64));
        assertThat(RawValue.of("{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(new RawValue("{}", RawValue.UTF8));
    }

    @Test
    void aProcessHandlersPayloadMayBeAnyJsonWhileTheJobsNamingAJavaHandlerAreStillChecked() {
        // Given a pool whose default handler is a command, with a handlers file naming another
        io.kpool.core.handler.HandlerCatalog catalog = io.kpool.core.handler.HandlerCatalog.of(
                java.nio.file.Path.of("handlers.properties"), java.util.Map.of("resize", "exec:python3 resize.py"));
        JobIntake pool = JobIntake.of(new IntakeLimits(200, 10), "exec:python3 examples/double.py", catalog);

        // Then any JSON payload goes to a process handler, the child decides
        for (String payload : java.util.List.of("\"five\"", "-1", "{\"w\":3}", "[1,2]", "null", "2.5")) {
            assertThat(pool.check(("{\"id\":\"j1\",\"payload\":" + payload + "}").getBytes(StandardCharsets.UTF_8), SUBMITTED))
                    .as(payload).isInstanceOf(Verdict.Accepted.class);
        }
        assertThat(pool.check("{\"id\":\"j1\",\"payload\":\"x\",\"handler\":\"resize\"}"
                .getBytes(StandardCharsets.UTF_8), SUBMITTED)).isInstanceOf(Verdict.Accepted.class);
        // And a job naming double is checked against it
        assertThat(pool.check("{\"id\":\"j1\",\"payload\":\"x\",\"handler\":\"double\"}"
                .getBytes(StandardCharsets.UTF_8), SUBMITTED)).isInstanceOfSatisfying(Verdict.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(io.kpool.protocol.DeadLetterReason.WRONG_PAYLOAD));
        // And a job cannot name a command of its own
        assertThat(pool.check("{\"id\":\"j1\",\"payload\":1,\"handler\":\"exec:sh -c reboot\"}"
                .getBytes(StandardCharsets.UTF_8), SUBMITTED)).isInstanceOfSatisfying(Verdict.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(io.kpool.protocol.DeadLetterReason.UNKNOWN_HANDLER));
    }

    @Test
    void aJobMayCarryWhenToRunAsATimeOrAsADelayAfterItsSubmission() {
        assertThat(check("{\"id\":\"j1\",\"payload\":1}")).isInstanceOfSatisfying(Verdict.Accepted.class,
                a -> assertThat(a.job().runAt()).isNull());
        assertThat(check("{\"id\":\"j1\",\"payload\":1,\"runAt\":" + (SUBMITTED + 5000) + "}"))
                .isInstanceOfSatisfying(Verdict.Accepted.class,
                        a -> assertThat(a.job().runAt()).isEqualTo(SUBMITTED + 5000));
        for (String delay : java.util.List.of("\"30s\"", "30000", "\"PT30S\"", "\"30000ms\"")) {
            assertThat(check("{\"id\":\"j1\",\"payload\":1,\"delay\":" + delay + "}")).as(delay)
                    .isInstanceOfSatisfying(Verdict.Accepted.class, a -> {
                        assertThat(a.job().runAt()).isEqualTo(SUBMITTED + 30_000);
                        assertThat(a.job().delay()).isNull();
                    });
        }
        // a time long past runs at once: it is accepted as it is, the dispatcher sees it is due
        assertThat(check("{\"id\":\"j1\",\"payload\":1,\"runAt\":0}"))
                .isInstanceOfSatisfying(Verdict.Accepted.class, a -> assertThat(a.job().runAt()).isZero());
        assertThat(check("{\"id\":\"j1\",\"payload\":1,\"runAt\":null}")).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void takesARecordWithACancelFieldForACancelRequestOfThatJob() {
        assertThat(check("{\"cancel\":\"j1\"}")).isEqualTo(new Verdict.CancelRequested("j1"));
    }

    @Test
    void aCancelRequestIsNotAJobEvenWithAnIdAndAPayload() {
        assertThat(check("{\"cancel\":\"j1\",\"id\":\"j2\",\"payload\":1}"))
                .isEqualTo(new Verdict.CancelRequested("j1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"runAt\": \"tomorrow\"                | \"runAt\" must be a time in epoch milliseconds",
            "\"runAt\": -1                          | \"runAt\" must be a time in epoch milliseconds",
            "\"runAt\": 1.5                         | \"runAt\" must be a time in epoch milliseconds",
            "\"runAt\": 1800000000000000            | epoch milliseconds were meant?",
            "\"delay\": \"soon\"                    | needs a duration such as",
            "\"delay\": -5                          | cannot be negative",
            "\"delay\": true                        | must be a duration such as",
            "\"delay\": \"PT9000H\"                 | more than 365 days",
            "\"delay\": \"1s\", \"runAt\": 5          | not both",
    })
    void anInvalidTimeToRunIsItsOwnReason(String schedule, String detail) {
        assertThat(check("{\"id\":\"j1\",\"payload\":1," + schedule + "}")).isInstanceOfSatisfying(Verdict.Rejected.class,
                r -> {
                    assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_RUN_AT);
                    assertThat(r.detail()).contains(detail);
                    assertThat(r.jobId()).isEqualTo("j1");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"cancel\":\"  \"}          | BLANK_ID",
            "{\"cancel\":\"\"}            | BLANK_ID",
            "{\"cancel\":7}               | MISSING_ID",
            "{\"cancel\":null}            | MISSING_ID",
            "{\"cancel\":\"01234567890\"} | ID_TOO_LONG",
    })
    void rejectsACancelRequestThatNamesNoJobAsABadInput(String value, DeadLetterReason reason) {
        assertThat(check(value)).isInstanceOfSatisfying(Verdict.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(reason));
    }
}
