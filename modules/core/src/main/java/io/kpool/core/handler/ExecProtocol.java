package io.kpool.core.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON-lines protocol between a worker and its process handler: for each job, one line in on
 * the child's standard input, {@code {"id": "job-1", "payload": 21}}, and one line out on its
 * standard output, {@code {"id": "job-1", "output": 42}} or {@code {"id": "job-1", "error": "..."}}.
 * Anything else from the child is a {@link ExecProtocolException}: the worker's crash.
 */
public final class ExecProtocol {

    private static final int SHOWN = 200;

    private ExecProtocol() {
    }

    /** The request line of a job, without its newline: JSON never spans lines here. */
    public static String request(String jobId, JsonNode payload) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("id", jobId);
        line.set("payload", payload == null ? JsonNodeFactory.instance.nullNode() : payload);
        return Json.text(line);
    }

    /**
     * The output in a reply line.
     *
     * @param line  what the child wrote, without its newline
     * @param jobId the job it was asked about
     * @throws ExecProtocolException when the line is not JSON, not an object, about another job, an
     *         {@code error} reply, or has no {@code output}
     */
    public static JsonNode output(String line, String jobId) {
        JsonNode reply;
        try {
            reply = Json.tree(line.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedMessageException e) {
            throw new ExecProtocolException("answered job " + jobId + " with a line that is not JSON: " + shown(line));
        }
        if (!reply.isObject()) {
            throw new ExecProtocolException("answered job " + jobId + " with JSON that is not an object: " + shown(line));
        }
        JsonNode id = reply.get("id");
        if (id == null || !id.isTextual() || !id.textValue().equals(jobId)) {
            throw new ExecProtocolException("was asked about job " + jobId + " but answered about "
                    + (id == null ? "no \"id\"" : "\"id\" " + id) + ": " + shown(line));
        }
        JsonNode error = reply.get("error");
        if (error != null && !error.isNull()) {
            throw new ExecProtocolException("answered job " + jobId + " with an error: "
                    + (error.isTextual() ? error.textValue() : error.toString()));
        }
        JsonNode output = reply.get("output");
        if (output == null) {
            throw new ExecProtocolException("answered job " + jobId + " with neither \"output\" nor \"error\": "
                    + shown(line));
        }
        return output;
    }

    private static String shown(String line) {
        return line.length() > SHOWN ? line.substring(0, SHOWN) + "..." : line;
    }
}
