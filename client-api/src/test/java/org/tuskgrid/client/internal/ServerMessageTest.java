package org.tuskgrid.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The one line a user sees of an error a server task threw, out of Ignite's wrapping. */
class ServerMessageTest {
    @Test
    void aJobsOwnMessageComesOutOfIgnitesJobFailure() {
        // As the thin client reported a server-side bulk load of a missing file (node ids shortened).
        String ignite = "Ignite failed to process request [1]: Remote job threw user exception (override or implement "
            + "ComputeTask.result(..) method if you would like to have automatic failover for this exception): Failed to execute job "
            + "due to unexpected runtime exception [jobId=889c17e02a1-19b2, ses=GridJobSessionImpl [ses=GridTaskSessionImpl "
            + "[taskName=org.tuskgrid.analytics.BulkLoadTask, endTime=9223372036854775807, taskNodeId=19b2, closed=false, cpSpi=null, "
            + "mapFut=IgniteFuture [orig=GridFutureAdapter [ignoreInterrupts=false, state=INIT, res=null, hash=47019985]], execName=null, "
            + "secCtx=null], jobId=889c17e02a1-19b2], err=cannot read /nope.csv on node node-0: no such file] (server status code [1])";

        assertThat(ThinTuskGridClient.serverMessage(new ExecutionException(new RuntimeException(ignite))))
            .isEqualTo("cannot read /nope.csv on node node-0: no such file");
    }

    @Test
    void aPlainServerMessageKeepsItsText() {
        assertThat(ThinTuskGridClient.serverMessage(new RuntimeException(
            "Ignite failed to process request [7]: 50000: Failed to parse query. Table \"NOPE\" not found (server status code [1])")))
            .isEqualTo("Failed to parse query. Table \"NOPE\" not found");
    }

    @Test
    void aRequestTimeoutNamesTheLimitThatWasReached() {
        // The thin client's words when a node did not answer within ClientConfiguration.timeout.
        var e = new org.apache.ignite.client.ClientException("Timeout was reached before computation completed.");

        assertThat(ThinTuskGridClient.translate(e, org.tuskgrid.client.ClientSettings.builder().addresses("127.0.0.1:10800").build()))
            .hasMessage("no answer from the node within the request timeout of 5m 00s (a node that stopped answering, or a request "
                + "that takes longer)");
    }
}
