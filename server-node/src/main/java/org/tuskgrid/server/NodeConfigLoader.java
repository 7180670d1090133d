package org.tuskgrid.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.springframework.beans.factory.xml.XmlBeanDefinitionReader;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.context.support.PropertySourcesPlaceholderConfigurer;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.tuskgrid.config.ConfigException;
import org.xml.sax.SAXParseException;

/**
 * Reads an Ignite Spring XML file into an {@link IgniteConfiguration}, with {@code ${tuskgrid.*}}
 * placeholders filled from {@link ServerOptions} (and {@code ${ANY_ENV}} / {@code ${any.property}}
 * from the environment and system properties).
 */
public final class NodeConfigLoader {
    private NodeConfigLoader() {
    }

    /** The node configuration and the other beans of the file (settings that extensions look up by type). */
    public record Loaded(IgniteConfiguration ignite, List<Object> beans) {
    }

    /**
     * @throws ConfigException with one line naming the file and what is wrong with it
     */
    public static IgniteConfiguration load(Path file, ServerOptions options) {
        return loadAll(file, options).ignite();
    }

    /**
     * @throws ConfigException with one line naming the file and what is wrong with it
     */
    public static Loaded loadAll(Path file, ServerOptions options) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": no such file");
        }
        try (GenericApplicationContext ctx = new GenericApplicationContext()) {
            ctx.getEnvironment().getPropertySources().addFirst(new MapPropertySource("tuskgrid", options.placeholders()));
            PropertySourcesPlaceholderConfigurer placeholders = new PropertySourcesPlaceholderConfigurer();
            placeholders.setEnvironment(ctx.getEnvironment());
            ctx.addBeanFactoryPostProcessor(placeholders);
            new XmlBeanDefinitionReader(ctx).loadBeanDefinitions(new FileSystemResource(file));
            ctx.refresh();
            Map<String, IgniteConfiguration> beans = new HashMap<>(ctx.getBeansOfType(IgniteConfiguration.class));
            if (beans.size() != 1) {
                throw new ConfigException(file + ": expected exactly one IgniteConfiguration bean, found " + beans.size());
            }
            IgniteConfiguration ignite = beans.values().iterator().next();
            List<Object> others = new ArrayList<>();
            for (String name : ctx.getBeanDefinitionNames()) {
                Object bean = ctx.getBean(name);
                if (bean != ignite) {
                    others.add(bean);
                }
            }
            return new Loaded(ignite, others);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(file + ": " + reason(e), e);
        }
    }

    /** Spring nests the real reason several causes deep; the XML parser's one carries a line number. */
    static String reason(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            root = t;
            if (t instanceof SAXParseException sax) {
                return "line " + sax.getLineNumber() + ": " + sax.getMessage();
            }
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.replaceAll("\\s+", " ").trim();
    }
}
