package org.tuskgrid.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tuskgrid.client.internal.LiveEndpoints.Server;

class LiveEndpointsTest {
    private static final List<String> LOCAL_NODE = List.of("0:0:0:0:0:0:0:1%lo", "10.1.2.3", "127.0.0.1", "box");

    private static LiveEndpoints finder(String... seeds) {
        Map<String, Set<String>> dns = Map.of("lb.example", Set.of("lb.example", "192.0.2.9"),
            "svc.example", Set.of("svc.example", "10.1.0.5", "10.1.0.6"));
        return new LiveEndpoints(List.of(seeds), h -> dns.getOrDefault(h, Set.of(h)), LiveEndpointsTest::refused);
    }

    private static List<Server> refused(String address) {
        throw new IllegalStateException("connection refused: " + address);
    }

    @Test
    void nodesOnAGivenHostAreReachedThroughThatHostAndTheRestOfItsPortRangeIsDropped() {
        LiveEndpoints f = finder("127.0.0.1:10800..10809");
        assertThat(f.endpoints(List.of(new Server(10800, LOCAL_NODE), new Server(10801, LOCAL_NODE))))
            .containsExactly("127.0.0.1:10800", "127.0.0.1:10801");
    }

    @Test
    void aNodeTheClusterDroppedIsNoLongerAnAddressEvenWhenTheUserGaveIt() {
        LiveEndpoints f = finder("10.0.0.1:10800", "10.0.0.2:10800");
        f.endpoints(List.of(new Server(10800, List.of("10.0.0.1")), new Server(10800, List.of("10.0.0.2"))));
        assertThat(f.endpoints(List.of(new Server(10800, List.of("10.0.0.1"))))).containsExactly("10.0.0.1:10800");
    }

    @Test
    void anAddressThatIsNoNodesOwnIsKeptBesideTheNodesItLeadsTo() {
        LiveEndpoints f = finder("lb.example:10800");
        assertThat(f.endpoints(List.of(new Server(10800, List.of("127.0.0.1", "10.1.0.5", "tuskgrid-0")))))
            .containsExactly("10.1.0.5:10800", "lb.example:10800");
    }

    @Test
    void aNodeTheUserDidNotNameIsReachedByItsFirstIpv4AddressOutsideLoopbackElseItsFirstHostName() {
        LiveEndpoints f = finder("10.0.0.1:10800");
        assertThat(f.endpoints(List.of(new Server(10800, List.of("10.0.0.1")), new Server(10801, LOCAL_NODE),
                new Server(10802, List.of("::1", "127.0.0.1")))))
            .containsExactly("10.0.0.1:10800", "10.1.2.3:10801", "127.0.0.1:10802");
    }

    @Test
    void aNameThatResolvesToNodesIsReplacedByEachNodesOwnAddress() {
        LiveEndpoints f = finder("svc.example:10800");
        assertThat(f.endpoints(List.of(new Server(10800, List.of("10.1.0.5")), new Server(10800, List.of("10.1.0.6")))))
            .containsExactly("10.1.0.5:10800", "10.1.0.6:10800");
    }

    @Test
    void portRangesAreReadTheWayIgniteReadsThem() {
        assertThat(LiveEndpoints.expand("h:10800..10802")).containsExactly("h:10800", "h:10801", "h:10802");
        assertThat(LiveEndpoints.expand("h:10805")).containsExactly("h:10805");
        assertThat(LiveEndpoints.expand("h")).hasSize(101).startsWith("h:10800").endsWith("h:10900");
    }

    @Test
    void onceOneAddressAnswersTheOtherProbesAreCancelled() throws InterruptedException {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        List<Server> cluster = List.of(new Server(10800, LOCAL_NODE));
        LiveEndpoints f = new LiveEndpoints(List.of("127.0.0.1"), h -> Set.of(h), address -> {
            started.incrementAndGet();
            if (address.equals("127.0.0.1:10800")) {
                return cluster;
            }
            try {
                Thread.sleep(1_000); // a node that does not answer
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
            }
            throw new IllegalStateException("no answer from " + address);
        });
        try {
            f.getAddresses();
            assertThat(f.getAddresses()).as("on a topology change").containsExactly("127.0.0.1:10800");
            Thread.sleep(100); // a thread that took a probe from the queue just as the answer came has begun it by now
            int whenAnswered = started.get();
            Thread.sleep(1_500);
            // Without the cancel the rest of the 101 would go on through the 16 probe threads once the first 16 give up.
            assertThat(started).as("probes started after the answer").hasValue(whenAnswered);
            assertThat(interrupted).as("probes still waiting when the answer came").hasValue(whenAnswered - 1);
        } finally {
            f.close();
        }
    }

    @Test
    void withNoNodeAnsweringTheGivenAddressesAreKept() {
        LiveEndpoints f = finder("127.0.0.1:1", "127.0.0.1:2..3");
        try {
            assertThat(f.getAddresses()).as("at start").containsExactly("127.0.0.1:1", "127.0.0.1:2..3");
            assertThat(f.getAddresses()).as("on a topology change").containsExactly("127.0.0.1:1", "127.0.0.1:2..3");
        } finally {
            f.close();
        }
    }
}
