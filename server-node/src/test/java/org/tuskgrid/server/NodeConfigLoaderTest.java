package org.tuskgrid.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tuskgrid.config.ConfigException;

class NodeConfigLoaderTest {
    @TempDir
    Path dir;

    /** A Spring beans document around {@code body}; the body starts on line 3. */
    private static String beans(String body) {
        return "<beans xmlns=\"http://www.springframework.org/schema/beans\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
            + " xsi:schemaLocation=\"http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd\">"
            + body + "</beans>\n";
    }

    @Test
    void defaultConfigTakesPortsMemoryAndComputeLimitFromOptions() {
        ServerOptions options = ServerOptions.resolve(Map.of(
            "tuskgrid.discovery.port", "31000", "tuskgrid.client.port", "31060", "tuskgrid.port.range", "5",
            "tuskgrid.memory", "256m", "tuskgrid.client.compute.tasks", "77"));

        IgniteConfiguration cfg = NodeConfigLoader.load(Home.defaultConfig(), options);

        TcpDiscoverySpi disco = (TcpDiscoverySpi) cfg.getDiscoverySpi();
        assertThat(disco.getLocalPortRange()).isEqualTo(5);
        assertThat(((TcpDiscoveryVmIpFinder) disco.getIpFinder()).getRegisteredAddresses())
            .extracting(a -> a.getPort()).containsExactlyInAnyOrder(31000, 31001, 31002, 31003, 31004);
        assertThat(cfg.getClientConnectorConfiguration().getPort()).isEqualTo(31060);
        assertThat(cfg.getClientConnectorConfiguration().getThinClientConfiguration().getMaxActiveComputeTasksPerConnection())
            .isEqualTo(77);
        assertThat(cfg.getDataStorageConfiguration().getDefaultDataRegionConfiguration().getMaxSize()).isEqualTo(256L << 20);
        assertThat(cfg.getConnectorConfiguration()).as("legacy REST connector off").isNull();
        assertThat(cfg.getIncludeProperties()).as("no env or system properties copied into attributes").isEmpty();
    }

    /** Ignite's 32 KB default is less than one TCP segment on loopback, where inter-node messages then stalled for seconds. */
    @ParameterizedTest
    @ValueSource(strings = {"server.xml", "server-postgres.xml", "server-mariadb.xml"})
    void shippedConfigsLeaveCommunicationSocketBuffersToTheOs(String file) {
        IgniteConfiguration cfg = NodeConfigLoader.load(Home.defaultConfig().resolveSibling(file), ServerOptions.resolve(Map.of()));

        TcpCommunicationSpi comm = (TcpCommunicationSpi) cfg.getCommunicationSpi();
        assertThat(comm.getSocketReceiveBuffer()).isZero();
        assertThat(comm.getSocketSendBuffer()).isZero();
    }

    @Test
    void missingFileIsOneLineNamingTheFile() {
        Path missing = dir.resolve("nope.xml");
        assertThatThrownBy(() -> NodeConfigLoader.load(missing, ServerOptions.resolve(Map.of())))
            .isInstanceOf(ConfigException.class)
            .hasMessage(missing + ": no such file");
    }

    @Test
    void malformedXmlNamesTheFileAndLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.xml"), beans("\n  <bean class=\"org.apache.ignite.configuration.IgniteConfiguration\">\n"));
        assertThatThrownBy(() -> NodeConfigLoader.load(bad, ServerOptions.resolve(Map.of())))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(bad + ": line 4: ")
            .hasMessageNotContaining("\n");
    }

    @Test
    void unknownPropertyOfIgniteConfigurationIsNamed() throws Exception {
        Path bad = Files.writeString(dir.resolve("prop.xml"), beans(
            "<bean class=\"org.apache.ignite.configuration.IgniteConfiguration\"><property name=\"noSuchThing\" value=\"1\"/></bean>"));
        assertThatThrownBy(() -> NodeConfigLoader.load(bad, ServerOptions.resolve(Map.of())))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining(bad.toString())
            .hasMessageContaining("noSuchThing");
    }

    @Test
    void unresolvablePlaceholderIsNamed() throws Exception {
        Path bad = Files.writeString(dir.resolve("ph.xml"), beans("<bean class=\"org.apache.ignite.configuration.IgniteConfiguration\">"
            + "<property name=\"igniteInstanceName\" value=\"${tuskgrid.no.such.option}\"/></bean>"));
        assertThatThrownBy(() -> NodeConfigLoader.load(bad, ServerOptions.resolve(Map.of())))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("tuskgrid.no.such.option");
    }

    @Test
    void fileWithoutIgniteConfigurationIsRejected() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.xml"), beans(""));
        assertThatThrownBy(() -> NodeConfigLoader.load(empty, ServerOptions.resolve(Map.of())))
            .isInstanceOf(ConfigException.class)
            .hasMessage(empty + ": expected exactly one IgniteConfiguration bean, found 0");
    }

    @Test
    void invalidOptionValueSaysWhatIsExpected() {
        assertThatThrownBy(() -> ServerOptions.resolve(Map.of("tuskgrid.client.port", "eighty")))
            .isInstanceOf(ConfigException.class)
            .hasMessage("tuskgrid.client.port=eighty is not valid: expected an integer from 1024 to 65000");
        assertThatThrownBy(() -> ServerOptions.resolve(Map.of("tuskgrid.memory", "1m")))
            .hasMessageContaining("a size of at least 64m");
    }
}
