import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a local staging deploy (a file:// Maven repository) for what Maven Central requires of
 * every artifact: a POM with name, description, url, licence, developer and scm (here or in the
 * staged parent); for jar modules the jar, a sources jar and a javadoc jar; an MD5 and a SHA-1
 * beside every file, matching it; the licence inside each jar. Signatures (.asc) are required by
 * Central too but need the release key: reported, not required. Run by the release-check module at
 * verify:
 *
 * <pre>java CheckStaging.java STAGING_DIR GROUP_ID VERSION POM_ARTIFACTS JAR_ARTIFACTS</pre>
 *
 * The artifact lists are comma-separated. Exits 1 naming every problem found.
 */
public final class CheckStaging {

  private final List<String> problems = new ArrayList<>();
  private int unsigned;

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println(
          "usage: java CheckStaging.java STAGING_DIR GROUP_ID VERSION POM_ARTIFACTS JAR_ARTIFACTS");
      System.exit(2);
    }
    Path staging = Path.of(args[0]);
    String groupId = args[1];
    String version = args[2];
    CheckStaging check = new CheckStaging();
    Path groupDir = staging.resolve(groupId.replace('.', '/'));
    int checked = 0;
    for (String artifact : args[3].split(",", -1)) {
      check.artifact(groupDir, groupId, artifact.strip(), version, false);
      checked++;
    }
    for (String artifact : args[4].split(",", -1)) {
      check.artifact(groupDir, groupId, artifact.strip(), version, true);
      checked++;
    }
    if (version.endsWith("-SNAPSHOT")) {
      System.out.println(
          "release-check: version "
              + version
              + " is a snapshot; the release profile refuses it "
              + "(Central takes release versions only)");
    }
    if (check.unsigned > 0) {
      System.out.println(
          "release-check: "
              + check.unsigned
              + " files have no .asc signature: expected, signing needs "
              + "the release key (./mvnw -Prelease deploy)");
    }
    if (!check.problems.isEmpty()) {
      System.err.println(
          "release-check: the staged artifacts in "
              + staging
              + " miss what Maven Central requires:");
      check.problems.forEach(p -> System.err.println("  - " + p));
      System.exit(1);
    }
    System.out.println(
        "release-check: "
            + checked
            + " artifacts in "
            + staging
            + " have what Maven Central requires "
            + "(signatures aside)");
  }

  private void artifact(
      Path groupDir, String groupId, String artifactId, String version, boolean jar)
      throws Exception {
    Path dir = groupDir.resolve(artifactId).resolve(version);
    if (!Files.isDirectory(dir)) {
      problems.add(artifactId + ": not staged (no " + dir + ")");
      return;
    }
    Optional<String> base = latestBase(dir, artifactId);
    if (base.isEmpty()) {
      problems.add(artifactId + ": no POM in " + dir);
      return;
    }
    Path pom = dir.resolve(base.get() + ".pom");
    file(pom);
    pomMetadata(groupDir, groupId, artifactId, pom);
    if (!jar) {
      return;
    }
    Path main = dir.resolve(base.get() + ".jar");
    Path sources = dir.resolve(base.get() + "-sources.jar");
    Path javadoc = dir.resolve(base.get() + "-javadoc.jar");
    for (Path p : List.of(main, sources, javadoc)) {
      if (!Files.isRegularFile(p)) {
        problems.add(artifactId + ": missing " + p.getFileName());
        continue;
      }
      file(p);
    }
    contains(main, "META-INF/LICENSE", artifactId);
    contains(sources, "META-INF/LICENSE", artifactId);
    if (!artifactId.endsWith("-starter")) { // a starter has no code: its javadoc jar holds a README
      contains(javadoc, "index.html", artifactId);
    }
  }

  /**
   * The newest deploy's file-name stem: {@code a-1.0} for a release, {@code
   * a-1.0-20260101.120000-3} for a snapshot.
   */
  private static Optional<String> latestBase(Path dir, String artifactId) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(artifactId + "-") && n.endsWith(".pom"))
          .map(n -> n.substring(0, n.length() - ".pom".length()))
          .max(
              (a, b) ->
                  buildNumber(a) != buildNumber(b)
                      ? Integer.compare(buildNumber(a), buildNumber(b))
                      : a.compareTo(b));
    }
  }

  private static int buildNumber(String base) {
    int dash = base.lastIndexOf('-');
    try {
      return Integer.parseInt(base.substring(dash + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A staged file has a matching .md5 and .sha1; an .asc is counted if absent. */
  private void file(Path file) throws IOException, NoSuchAlgorithmException {
    byte[] bytes = Files.readAllBytes(file);
    checksum(file, bytes, "md5", "MD5");
    checksum(file, bytes, "sha1", "SHA-1");
    if (!Files.isRegularFile(file.resolveSibling(file.getFileName() + ".asc"))) {
      unsigned++;
    }
  }

  private void checksum(Path file, byte[] bytes, String extension, String algorithm)
      throws IOException, NoSuchAlgorithmException {
    Path sum = file.resolveSibling(file.getFileName() + "." + extension);
    if (!Files.isRegularFile(sum)) {
      problems.add(file.getFileName() + ": no ." + extension);
      return;
    }
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    String stated = Files.readString(sum).strip().split("\\s+", -1)[0];
    if (!stated.equalsIgnoreCase(expected)) {
      problems.add(file.getFileName() + ": ." + extension + " does not match the file");
    }
  }

  private void contains(Path jar, String entry, String artifactId) throws IOException {
    if (!Files.isRegularFile(jar)) {
      return;
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      if (zip.getEntry(entry) == null) {
        problems.add(artifactId + ": " + jar.getFileName() + " has no " + entry);
      }
    }
  }

  /** Central's POM requirements, each met here or inherited from the staged parent. */
  private void pomMetadata(Path groupDir, String groupId, String artifactId, Path pom)
      throws Exception {
    List<Element> chain = new ArrayList<>();
    Element project = parse(pom);
    chain.add(project);
    Element parent = child(project, "parent");
    while (parent != null && groupId.equals(text(parent, "groupId"))) {
      String parentId = text(parent, "artifactId");
      Path dir = groupDir.resolve(parentId).resolve(text(parent, "version"));
      Optional<String> base = Files.isDirectory(dir) ? latestBase(dir, parentId) : Optional.empty();
      if (base.isEmpty()) {
        problems.add(artifactId + ": its parent " + parentId + " is not staged");
        break;
      }
      Element p = parse(dir.resolve(base.get() + ".pom"));
      chain.add(p);
      parent = child(p, "parent");
    }
    String[][] required = {
      {"name"},
      {"description"},
      {"url"},
      {"licenses", "license", "name"},
      {"licenses", "license", "url"},
      {"developers", "developer"},
      {"scm", "url"},
      {"scm", "connection"},
    };
    for (String[] path : required) {
      String found = null;
      for (Element e : chain) {
        found = valueAt(e, path);
        if (found != null) {
          break;
        }
      }
      if (found == null || found.isBlank()) {
        problems.add(artifactId + ": POM has no <" + String.join("><", path) + ">");
      } else if (found.contains("${")) {
        problems.add(
            artifactId + ": POM's <" + String.join("><", path) + "> is unresolved: " + found);
      }
    }
    String url = valueAt(chain.get(chain.size() - 1), new String[] {"url"});
    String ownUrl = valueAt(project, new String[] {"url"});
    if (ownUrl == null
        && url != null
        && chain.size() > 1
        && !"false"
            .equals(
                chain
                    .get(chain.size() - 1)
                    .getAttribute("child.project.url.inherit.append.path"))) {
      problems.add(
          artifactId
              + ": inherits url "
              + url
              + " with its artifact id appended (a page that does not "
              + "exist): set child.project.url.inherit.append.path=\"false\" in the parent");
    }
  }

  private static Element parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (InputStream in = Files.newInputStream(pom)) {
      Document doc = factory.newDocumentBuilder().parse(in);
      return doc.getDocumentElement();
    }
  }

  private static String valueAt(Element start, String[] path) {
    Element e = start;
    for (String name : path) {
      e = child(e, name);
      if (e == null) {
        return null;
      }
    }
    return e.getTextContent().strip();
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? "" : e.getTextContent().strip();
  }
}
