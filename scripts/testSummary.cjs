// Prints the workspace's jest totals as one closing line: "N passed, M failed, K skipped".
const fs = require('node:fs');
const path = require('node:path');

const dir = path.join(__dirname, '..', '.turbo', 'test-results');
const totals = { passed: 0, failed: 0, skipped: 0 };
const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
for (const file of files) {
  const result = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  for (const key of Object.keys(totals)) totals[key] += result[key];
}
console.log(`jest packages run: ${files.length}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || files.length === 0 ? 1 : 0);
