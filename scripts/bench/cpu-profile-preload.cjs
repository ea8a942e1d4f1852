// BENCH_CPU_PROFILE: loaded with --require into the app's processes (NODE_OPTIONS cannot carry --cpu-prof).
// In the HTTP server (server/index.ts) only: the first SIGUSR2 starts the V8 CPU profiler, the second stops it
// and writes a .cpuprofile into BENCH_CPU_PROFILE_DIR — so the profile covers the measured load alone (one file
// per measured load: server-<pid>-1 the first path the bench runs, -2 the second).
const inspector = require("node:inspector");
const fs = require("node:fs");
const path = require("node:path");

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir && process.argv.some((arg) => arg.endsWith("server/index.ts"))) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  let isRunning = false;
  let profiles = 0;
  process.on("SIGUSR2", () => {
    if (!isRunning) {
      isRunning = true;
      session.post("Profiler.start");
      return;
    }
    isRunning = false;
    session.post("Profiler.stop", (error, result) => {
      if (error) return console.error("[bench] CPU profile:", error);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `server-${process.pid}-${++profiles}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
