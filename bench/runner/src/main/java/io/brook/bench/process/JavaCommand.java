package io.brook.bench.process;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM, started with the same {@code java} as the runner.
 *
 * <p>Built in order: JVM options, then either a classpath and main class or an executable jar, then program
 * arguments. {@link #display()} abbreviates the classpath so log files stay readable.
 */
public final class JavaCommand {

    private final List<String> command = new ArrayList<>();
    private String classpath;

    private JavaCommand() {
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** A command that starts with the runner's own {@code java} executable. */
    public static JavaCommand java() {
        return new JavaCommand();
    }

    public JavaCommand jvmOptions(List<String> options) {
        command.addAll(options);
        return this;
    }

    public JavaCommand main(String classpath, String mainClass) {
        this.classpath = classpath;
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        return this;
    }

    public JavaCommand jar(Path jar) {
        command.add("-jar");
        command.add(jar.toString());
        return this;
    }

    public JavaCommand args(List<String> args) {
        command.addAll(args);
        return this;
    }

    public JavaCommand args(String... args) {
        return args(List.of(args));
    }

    public List<String> toList() {
        return List.copyOf(command);
    }

    /** The command as one line, with the classpath replaced by its entry count. */
    public String display() {
        List<String> shown = new ArrayList<>(command);
        if (classpath != null) {
            int entries = classpath.split(File.pathSeparator).length;
            shown.replaceAll(part -> part.equals(classpath) ? "<classpath of " + entries + " entries>" : part);
        }
        return String.join(" ", shown);
    }
}
