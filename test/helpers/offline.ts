// Tests reach no network but their own local servers: the language servers they start in this
// process check dependencies offline (VIGIL_OFFLINE=1, as `vigil scan --offline`) unless a test
// hands its own environment in (the OSV tests do, with the local OSV server's address).
process.env.VIGIL_OFFLINE ??= '1';
export {};
