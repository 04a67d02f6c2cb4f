// Loaded with `node --import` by bench/image.mjs: prints the process's peak RSS when it exits.
process.on('exit', () => {
  process.stderr.write(`bench-maxrss-kb ${process.resourceUsage().maxRSS}\n`);
});
