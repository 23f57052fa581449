let t=performance.now(); const lap=(m)=>{const n=performance.now(); console.log(m, (n-t).toFixed(0)); t=n;};
require("zeromq"); lap("zeromq");
require("@tslab/typescript-for-tslab"); lap("typescript");
require("tslab/dist/jupyter"); lap("tslab jupyter");
const { createConverter } = require("tslab/dist/converter"); lap("converter mod");
const c = createConverter({isJS:false,isBrowser:false}); lap("createConverter");
c.convert("", "1 + 1"); lap("first convert");
c.convert("", "2 + 1"); lap("second convert");
