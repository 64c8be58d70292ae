/** Build dist/ once before the suites that spawn the built binary (bin/rfm) or its worker thread. */
const { execFileSync } = require('child_process');
const path = require('path');

module.exports = () => {
  const root = path.join(__dirname, '..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
};
