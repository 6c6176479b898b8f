package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerRestarted;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handlers in any language (issue 12): the examples in Python and Node run as child processes of
 * the workers behind the JSON-lines protocol, and their failures are their workers' crashes.
 */
@ExtendWith(SharedBroker.class)
class ExecHandlerIT {

    private static final Duration A_WHILE = Duration.ofSeconds(90);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    /**
     * One pool for both tests (a pool's start is most of such a test's time): two workers whose
     * default handler is the Python example, and a handlers file that names the Node one {@code js}.
     */
    private static TestPool pool;

    @BeforeAll
    static void startPool() throws IOException {
        assumeTrue(installed("python3"), "python3 is not installed: the Python example cannot run");
        Path handlers = dir.resolve("handlers.properties");
        Files.writeString(handlers, "js = exec:node " + example("double.js") + "\n", StandardCharsets.UTF_8);
        List<String> handlerArgs = List.of("--handler", "exec:python3 " + example("double.py"),
                "--handlers-file", handlers.toString());
        pool = TestPool.start(SharedBroker.bootstrap(), dir, 2, handlerArgs, handlerArgs);
    }

    @AfterAll
    static void stopPool() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void thePythonAndNodeExamplesDoubleEveryJobAndANegativeOneIsDeadLetteredWithTheChildsLastWords() throws Exception {
        assumeTrue(installed("node"), "node is not installed: the Node example cannot run");
        // Given the pool: Python by default, Node for jobs that name js
        try (Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            // When 50 jobs go to Python (one of them -1) and 50 to Node
            Submission submission = new Submission();
            List<Long> payloads = new ArrayList<>();
            for (long i = 0; i < 50; i++) {
                payloads.add(i == 25 ? -1 : i * 1_000_003);
            }
            pool.submit(submitter, payloads, submission);
            for (long i = 0; i < 50; i++) {
                String id = "js-" + i;
                submission.expect(id);
                submitter.submit(new Job(id, Json.mapper().valueToTree(i * 7), "js", null, null));
            }
            submitter.flush();
            TestPool.awaitOutcomes(outcomes, submission, A_WHILE);

            // Then every good job has 2n, from the handler it named
            assertThat(submission.resultCount()).isEqualTo(99);
            assertThat(submission.duplicates()).isZero();
            submission.results().forEach((id, result) -> {
                long n = id.startsWith("js-") ? 7 * Long.parseLong(id.substring(3))
                        : (Long.parseLong(id.substring(4)) - 1) % 50 * 1_000_003;
                assertThat(result.output().longValue()).as(id).isEqualTo(2 * n);
            });

            // And the negative one crashed its worker (the child exited) three times, each restarted
            String poison = submission.deadLetters().keySet().iterator().next();
            assertThat(submission.deadLetters()).hasSize(1);
            assertThat(Long.parseLong(poison.substring(4)) % 50).isEqualTo(26);
            List<WorkerCrashed> crashes = pool.events().of(WorkerCrashed.class).stream()
                    .filter(c -> poison.equals(c.jobId())).toList();
            assertThat(crashes).hasSize(3).allSatisfy(c -> {
                assertThat(c.reason()).isEqualTo("exit");
                assertThat(c.exitCode()).isEqualTo(1);
            });
            int slot = crashes.get(0).workerId();
            long last = crashes.get(2).incarnation();
            pool.events().await(WorkerRestarted.class, r -> r.workerId() == slot && r.incarnation() == last + 1,
                    A_WHILE);

            // And it was dead-lettered with the child's own words as the evidence of each crash
            DeadLetter letter = submission.deadLetters().get(poison);
            assertThat(letter.reason()).isEqualTo("crashed_worker");
            assertThat(letter.evidence().crashes()).hasSize(3).allSatisfy(crash -> assertThat(
                    String.join("\n", crash.stderrTail()))
                    .contains("double.py: let it crash: payload must be a non-negative integer, but was -1")
                    .contains("handler process 'python3 "));
        }
    }

    @Test
    void aChildKilledMidFlowTakesItsWorkerDownAndEveryJobStillGetsOneResult() throws Exception {
        try (Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            // Given worker 0 (alive) and its handler process, a child of the worker
            pool.awaitAllAlive();
            long worker = pool.worker(0).pid();
            ProcessHandle child = handlerOf(worker);

            // When jobs flow and the child is SIGKILLed among them
            Submission submission = new Submission();
            pool.submit(submitter, numbers(0, 300), submission);
            child.destroyForcibly();
            pool.submit(submitter, numbers(300, 600), submission);

            // Then the worker dies of it and is restarted with a child of its own
            WorkerCrashed crash = pool.events().await(WorkerCrashed.class, c -> c.pid() == worker, A_WHILE);
            assertThat(crash.workerId()).isZero();
            assertThat(crash.reason()).isEqualTo("exit");
            assertThat(crash.exitCode()).isEqualTo(1);
            pool.events().await(WorkerRestarted.class,
                    r -> r.workerId() == 0 && r.incarnation() == crash.incarnation() + 1, A_WHILE);

            // And every job gets exactly one result, 2n
            TestPool.awaitOutcomes(outcomes, submission, A_WHILE);
            assertThat(submission.resultCount()).isEqualTo(600);
            assertThat(submission.deadLetterCount()).isZero();
            assertThat(submission.duplicates()).isZero();
            long first = submission.results().keySet().stream().mapToLong(id -> Long.parseLong(id.substring(4)))
                    .min().orElseThrow();
            submission.results().forEach((id, result) -> assertThat(result.output().longValue()).as(id)
                    .isEqualTo(2L * (Long.parseLong(id.substring(4)) - first)));

            // And a worker SIGKILLed takes its child with it: the child reads the end of its input and exits
            pool.awaitAllAlive();
            long other = pool.worker(1).pid();
            ProcessHandle orphan = handlerOf(other);
            pool.signal(1, "KILL");
            assertThat(orphan.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        }
    }

    private static List<Long> numbers(long from, long to) {
        List<Long> numbers = new ArrayList<>();
        for (long n = from; n < to; n++) {
            numbers.add(n);
        }
        return numbers;
    }

    /** The handler process of a worker: its child running the Python example. */
    private static ProcessHandle handlerOf(long workerPid) {
        ProcessHandle worker = ProcessHandle.of(workerPid).orElseThrow(() -> new AssertionError("no worker " + workerPid));
        List<ProcessHandle> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).alias("the handler process of worker pid " + workerPid).until(() -> {
            found.clear();
            worker.descendants().filter(p -> p.info().commandLine().orElse("").contains("double.py"))
                    .forEach(found::add);
            return found.size() == 1;
        });
        return found.get(0);
    }

    private static String example(String name) {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path file = at.resolve("examples").resolve(name);
            if (Files.isRegularFile(file) && Files.isDirectory(at.resolve("modules"))) {
                return file.toString();
            }
        }
        throw new AssertionError("no examples/" + name + " above " + Path.of("").toAbsolutePath());
    }

    private static boolean installed(String program) {
        try {
            Process probe = new ProcessBuilder(program, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
