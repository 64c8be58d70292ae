/**
 * Before the suites: one temp folder for the whole run (TMPDIR points there, so the suites, the binaries they
 * spawn and the libraries they use all write below it; global-teardown removes it), and dist/ built once for
 * the suites that spawn bin/rfm or the split worker (not needed by the fast loop).
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = () => {
  const root = path.join(__dirname, '..');
  // Build first: a failed build stops the run before the temp folder exists (no teardown would remove it).
  if (!process.env.RFM_TEST_FAST)
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'inherit',
    });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rfm-jest-'));
  process.env.RFM_TEST_TMP_ROOT = tmp;
  process.env.TMPDIR = tmp;
};
