/** After the suites: remove the run's temp folder (made by global-setup), whatever the suites left in it. */
const fs = require('fs');

module.exports = () => {
  const tmp = process.env.RFM_TEST_TMP_ROOT;
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
};
