/**
 * Items to pixels at the panel's geometry. The same code runs in the packager (making blobs and previews)
 * and on the device (showing them), so what staff preview is what the wall shows.
 *
 * <p>The packager draws text once: {@link id.layar.render.SlideRenderer} and
 * {@link id.layar.render.TickerRenderer#strip} with the bundled {@link id.layar.render.Fonts}, and fits images with
 * {@link id.layar.render.ImageFitter}; the results become PNG blobs ({@link id.layar.render.Png}). Videos are
 * transcoded by the packager to the panel's size and rate (H.264 in MP4). The device decodes those blobs and copies
 * pixels ({@link id.layar.render.ItemRenderer}) onto a {@link id.layar.render.PanelPort}: stills and running text
 * allocation-free per frame, video through one FFmpeg decoder per item ({@link id.layar.render.Ffmpeg}), and the
 * clock's time and date drawn once a second ({@link id.layar.render.ClockRenderer}). No hardware, no network, no
 * files except blobs read through {@link id.layar.render.BlobSource} and the bundled font.
 */
package id.layar.render;
