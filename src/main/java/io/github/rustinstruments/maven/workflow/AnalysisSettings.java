package io.github.rustinstruments.maven.workflow;

/**
 * How an analysed run is shown.
 *
 * @param topSites   how many sites in the user's code the console lists
 * @param showHashes whether Rust symbols keep their {@code ::h…} hashes
 * @param module     the module whose run it is, named in the console's headings when the build has several;
 *                   {@code null} otherwise
 */
public record AnalysisSettings(int topSites, boolean showHashes, String module) {
    public AnalysisSettings {
        if (topSites < 0) {
            throw new IllegalArgumentException("topSites must be 0 or more, not " + topSites);
        }
    }
}
