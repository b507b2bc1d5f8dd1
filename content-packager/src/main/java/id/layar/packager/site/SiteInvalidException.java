package id.layar.packager.site;

import java.util.List;

/** The site has problems; nothing was built. The problems are in reading order (file, line, column). */
public final class SiteInvalidException extends Exception {
    private final String site;
    private final List<Problem> problems;

    public SiteInvalidException(String site, List<Problem> problems) {
        super(problems.size() + " problem(s) in " + site + (problems.isEmpty() ? "" : "; first: " + problems.get(0)));
        this.site = site;
        this.problems = List.copyOf(problems);
    }

    /** The site folder as shown in the problems. */
    public String site() {
        return site;
    }

    public List<Problem> problems() {
        return problems;
    }
}
