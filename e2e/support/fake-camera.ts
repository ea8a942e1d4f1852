/**
 * Chromium's fake camera (`--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>`)
 * plays a .y4m file (YUV4MPEG2, 4:2:0) in a loop. This renders a QR code into one: black modules on white,
 * big and centred, with the standard quiet zone, in a few identical frames.
 */
import { writeFileSync } from "node:fs";
import QRCode from "qrcode";

const WIDTH = 640;
const HEIGHT = 480;
const FRAMES = 5;
const QUIET_ZONE_MODULES = 4;
// Video ("studio") range, which is what Chromium expects of a y4m file: 16 is black, 235 is white.
const BLACK = 16;
const WHITE = 235;

export function writeQrCodeVideo(file: string, text: string | null) {
  const luma = Buffer.alloc(WIDTH * HEIGHT, WHITE);
  if (text !== null) {
    const { size, data } = QRCode.create(text, { errorCorrectionLevel: "M" }).modules;
    const moduleSize = Math.floor((Math.min(WIDTH, HEIGHT) * 0.9) / (size + 2 * QUIET_ZONE_MODULES));
    const left = Math.floor((WIDTH - size * moduleSize) / 2);
    const top = Math.floor((HEIGHT - size * moduleSize) / 2);
    for (let row = 0; row < size; row++) {
      for (let column = 0; column < size; column++) {
        if (!data[row * size + column]) continue;
        for (let y = 0; y < moduleSize; y++) {
          luma.fill(BLACK, (top + row * moduleSize + y) * WIDTH + left + column * moduleSize, (top + row * moduleSize + y) * WIDTH + left + (column + 1) * moduleSize);
        }
      }
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128); // no colour
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: FRAMES }, () => frame)]));
}
