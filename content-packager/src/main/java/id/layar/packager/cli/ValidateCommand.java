package id.layar.packager.cli;

import id.layar.packager.ExitCodes;
import id.layar.packager.Main;
import id.layar.packager.Session;
import id.layar.packager.build.ContentRenderer;
import id.layar.packager.site.Announcement;
import id.layar.packager.site.Channel;
import id.layar.packager.site.Problem;
import id.layar.packager.site.Site;
import id.layar.packager.site.SiteInvalidException;
import id.layar.packager.site.SiteLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code validate SITE}: lists every problem at once (exit 2), or one OK line (exit 0). */
@Command(name = "validate", description = "Checks a site folder and lists every problem at once.")
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SITE", description = "The site folder (site.yaml, announcements/, media/).")
    Path site;

    private final Session session;

    public ValidateCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        SiteLoader.Result result = SiteLoader.load(site);
        List<Problem> problems = new ArrayList<>(result.problems());
        if (result.valid()) {
            problems.addAll(renderCheck(result.site()));
        }
        if (!problems.isEmpty()) {
            problems.sort(SiteLoader.READING_ORDER);
            Main.printProblems(session, new SiteInvalidException(result.displayName(), problems));
            return ExitCodes.INVALID_INPUT;
        }
        session.say("validate.ok", result.displayName(), session.messages().count(result.announcements(), "announcement"),
                session.messages().count(result.channels(), "channel"));
        return ExitCodes.OK;
    }

    /**
     * Renders every announcement for every channel it targets, as the build will, to find what cannot be made;
     * decodes every video once (a file cut short or damaged inside is found here, not only by the build).
     */
    static List<Problem> renderCheck(Site site) {
        List<Problem> problems = new ArrayList<>();
        java.util.Set<java.nio.file.Path> decoded = new java.util.HashSet<>();
        for (Channel c : site.channels()) {
            for (Announcement a : site.announcementsFor(c.id())) {
                try {
                    ContentRenderer.check(a, c, decoded);
                } catch (ContentRenderer.RenderException e) {
                    if (!problems.contains(e.problem())) {
                        problems.add(e.problem());
                    }
                }
            }
        }
        return problems;
    }
}
