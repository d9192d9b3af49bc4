package org.campaignmetrics.cli;

import java.util.concurrent.Callable;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.job.ReportJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write the campaign report of the snapshot: <warehouse>/report/snapshot=S/index.html, a page per "
        + "campaign and per event with a goal or contributions; self-contained HTML (inline SVG, no script, a strict "
        + "Content-Security-Policy), public aggregates only. `run` writes it as its last step. README \"Report\"."})
final class ReportCommand implements Callable<Integer> {
  @Mixin
  JobOptions options;

  @Override
  public Integer call() {
    Config config = options.load();
    try (var session = options.session("report")) {
      ReportJob.Result result = ReportJob.run(session.spark(), config);
      System.out.println("report: " + result.pages() + " pages: " + result.folder() + "/index.html");
      return Main.OK;
    }
  }
}
