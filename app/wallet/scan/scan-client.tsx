"use client";

/**
 * The camera scanner. QR codes are decoded in the browser by `barcode-detector` — the W3C Barcode
 * Detection API implemented over ZXing-C++ compiled to WebAssembly (`zxing-wasm`). Chosen over `jsqr`
 * because it is actively maintained (jsqr has had no release since 2021), decodes faster and copes
 * better with small, tilted or blurred codes from phone cameras, and offers the same API as the browser's
 * native BarcodeDetector. It is imported only here, when the scanner starts, and its decoder (.wasm) is
 * served from our own origin (lib/scanner/wasm-path.ts), never from the CDN it would use by default.
 */
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { usePayErrorMessage } from "@/components/pay/pay-errors";
import { apiFetch } from "@/lib/api-client";
import { scanTarget, type ScanTarget } from "@/lib/scanner/scan-target";
import { scannerWasmUrlPath } from "@/lib/scanner/wasm-path";

type CameraState =
  | { kind: "starting" }
  | { kind: "scanning" }
  | { kind: "opening"; what: string }
  | { kind: "failed"; reason: CameraFailure; canRetry: boolean };

type CameraFailure = "noCamera" | "insecure" | "loadFailed" | "blocked" | "notFound" | "busy" | "other";

/** Pause between two decodes of the preview: fast enough to feel instant, light on a phone's CPU. */
const SCAN_INTERVAL_MS = 200;

export function ScanClient({ appOrigin }: { appOrigin: string }) {
  const t = useTranslations("payScan");
  const errorMessage = usePayErrorMessage();
  // A fresh function every render: read through a ref so the camera effect does not restart with it.
  const errorMessageRef = useRef(errorMessage);
  errorMessageRef.current = errorMessage;
  const router = useRouter();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<CameraState>({ kind: "starting" });
  const [refused, setRefused] = useState<Extract<ScanTarget, { kind: "refused" }>>();
  const [orderFailure, setOrderFailure] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const openingRef = useRef(false);
  // The order URL that was just refused: the camera still sees its code, which must not be sent again and again.
  const failedOrderUrlRef = useRef<string | undefined>(undefined);

  /** A merchant's order QR code (flow 3): our server fetches and verifies the order, then the confirm screen opens. */
  const openOrder = useCallback(
    async (orderUrl: string) => {
      try {
        const session = await apiFetch<{ sessionId: string }>("/api/wallet/sessions", { method: "POST", body: JSON.stringify({ orderUrl }) });
        router.push(`/wallet/pay?session=${encodeURIComponent(session.sessionId)}`);
      } catch (error) {
        failedOrderUrlRef.current = orderUrl;
        setOrderFailure(errorMessageRef.current(error));
        openingRef.current = false;
        setCamera({ kind: "scanning" });
      }
    },
    [router],
  );

  const onDecoded = useCallback(
    (text: string) => {
      if (openingRef.current) return;
      const target = scanTarget(text, [appOrigin, window.location.origin]);
      if (target.kind === "open") {
        openingRef.current = true;
        setCamera({ kind: "opening", what: target.what });
        router.push(target.path);
        return;
      }
      if (target.kind === "order") {
        if (failedOrderUrlRef.current === target.orderUrl) return;
        openingRef.current = true;
        setRefused(undefined);
        setOrderFailure(undefined);
        setCamera({ kind: "opening", what: target.what });
        void openOrder(target.orderUrl);
        return;
      }
      setRefused((previous) => (previous?.text === target.text ? previous : target));
    },
    [appOrigin, router, openOrder],
  );

  useEffect(() => {
    let isStopped = false;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;

    async function start() {
      if (!navigator.mediaDevices?.getUserMedia) {
        setCamera({
          kind: "failed",
          canRetry: false,
          reason: window.isSecureContext ? "noCamera" : "insecure",
        });
        return;
      }
      setCamera({ kind: "starting" });
      // The decoder loads while the browser asks for the camera.
      const detectorReady = loadDetector();
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false });
      } catch (error) {
        if (!isStopped) setCamera({ kind: "failed", ...cameraFailure(error) });
        return;
      }
      if (isStopped) return stopStream(stream);
      const video = videoRef.current;
      if (!video) return stopStream(stream);
      video.srcObject = stream;
      try {
        await video.play();
      } catch {
        // Autoplay of a muted inline video is allowed; a refusal here still leaves frames to decode.
      }
      let detector: Detector;
      try {
        detector = await detectorReady;
      } catch {
        if (!isStopped) {
          setCamera({ kind: "failed", canRetry: true, reason: "loadFailed" });
        }
        return stopStream(stream);
      }
      if (isStopped) return;
      setCamera({ kind: "scanning" });
      // Runs until the page goes away; frames are not decoded while a code is being opened (a merchant's
      // order that is refused leaves the camera scanning again).
      const scan = async () => {
        if (isStopped) return;
        try {
          if (!openingRef.current && video.readyState >= video.HAVE_CURRENT_DATA) {
            const [code] = await detector.detect(video);
            if (code?.rawValue && !isStopped) onDecoded(code.rawValue);
          }
        } catch {
          // A frame that cannot be read (camera switching, size zero): try the next one.
        }
        if (!isStopped) timer = setTimeout(() => void scan(), SCAN_INTERVAL_MS);
      };
      void scan();
    }

    void start();
    return () => {
      isStopped = true;
      if (timer) clearTimeout(timer);
      if (stream) stopStream(stream);
    };
  }, [attempt, onDecoded]);

  const isLive = camera.kind === "scanning" || camera.kind === "opening";
  return (
    <section className="card stack scanner" aria-labelledby="scanner-heading">
      <h2 id="scanner-heading" className="visually-hidden">
        {t("camera")}
      </h2>
      <div className={`scanner-view${isLive ? " is-live" : ""}${camera.kind === "failed" ? " is-failed" : ""}`}>
        <video ref={videoRef} className="scanner-video" muted playsInline aria-label={t("preview")} />
        {isLive ? <div className="scanner-frame" aria-hidden="true" /> : null}
      </div>
      <p className={`muted small scanner-status${camera.kind === "failed" ? " visually-hidden" : ""}`} role="status" aria-live="polite">
        {camera.kind === "starting"
          ? t("starting")
          : camera.kind === "scanning"
            ? t("looking")
            : camera.kind === "opening"
              ? camera.what === "merchant order"
                ? t("openingOrder")
                : camera.what === "spot"
                  ? t("openingPlace")
                  : camera.what === "payment form"
                    ? t("openingForm")
                    : t("openingRequest")
              : ""}
      </p>
      {camera.kind === "failed" ? (
        <div className="stack">
          <p className="alert alert-error" role="alert">
            {t(`failure.${camera.reason}`)}
          </p>
          {camera.canRetry ? (
            <button className="button button-secondary" type="button" onClick={() => setAttempt((n) => n + 1)}>
              {t("tryAgain")}
            </button>
          ) : null}
        </div>
      ) : null}
      {orderFailure ? (
        <div className="alert alert-error stack" role="alert">
          <p style={{ margin: 0 }}>{t("orderRefused", { reason: orderFailure })}</p>
          <button
            className="button button-secondary"
            type="button"
            onClick={() => {
              failedOrderUrlRef.current = undefined;
              setOrderFailure(undefined);
            }}
          >
            {t("scanAgain")}
          </button>
        </div>
      ) : null}
      {refused ? (
        <div className="alert alert-error stack" role="alert">
          <p style={{ margin: 0 }}>{t(`refused.${refusalKey(refused)}`)}</p>
          <p className="scanned-text small" style={{ margin: 0 }}>
            {t.rich("itReads", { code: () => <code>{refused.text.length > 120 ? `${refused.text.slice(0, 120)}…` : refused.text}</code> })}
          </p>
        </div>
      ) : null}
    </section>
  );
}

type Detector = { detect: (source: HTMLVideoElement) => Promise<Array<{ rawValue: string }>> };

let detectorPromise: Promise<Detector> | undefined;

/** The decoder, loaded once per page view and only on this page. */
function loadDetector(): Promise<Detector> {
  detectorPromise ??= import("barcode-detector/ponyfill").then(({ BarcodeDetector, prepareZXingModule, ZXING_WASM_VERSION }) => {
    prepareZXingModule({
      overrides: {
        locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? scannerWasmUrlPath(ZXING_WASM_VERSION) : prefix + path),
      },
    });
    return new BarcodeDetector({ formats: ["qr_code"] });
  });
  detectorPromise.catch(() => {
    detectorPromise = undefined; // a later "Try again" loads it afresh
  });
  return detectorPromise;
}

function stopStream(stream: MediaStream) {
  for (const track of stream.getTracks()) track.stop();
}

function cameraFailure(error: unknown): { reason: CameraFailure; canRetry: boolean } {
  const name = error instanceof DOMException || error instanceof Error ? error.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return { canRetry: true, reason: "blocked" };
    case "NotFoundError":
    case "OverconstrainedError":
      return { canRetry: true, reason: "notFound" };
    case "NotReadableError":
      return { canRetry: true, reason: "busy" };
    default:
      return { canRetry: true, reason: "other" };
  }
}

function refusalKey(target: Extract<ScanTarget, { kind: "refused" }>): "foreignUrl" | "walletPayCode" | "unknown" {
  switch (target.reason) {
    case "foreign-url":
      return "foreignUrl";
    case "wallet-pay-code":
      return "walletPayCode";
    default:
      return "unknown";
  }
}
