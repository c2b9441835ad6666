// Dependencies (OWASP A06:2021 / A03:2025): manifests and lockfiles of npm and PyPI, checked
// against advisory data the embedder supplies. Pure: text + data in, findings out.
export { analyzeDependencies, bumpedSpec, dataNoteFor, MALICIOUS_DEPENDENCY, STALE_AFTER_DAYS, VULNERABLE_DEPENDENCY, type DependencyInput } from './analyze';
export { affects, describeRanges, matchingAdvisories, MemoryAdvisoryIndex, nearestFixed, type Advisory, type AdvisoryIndex, type AdvisoryIndexData, type RangeEvent } from './advisories';
export { dependencyDocsLanguage, dependencyFileKind, ECOSYSTEM, hashComments, isLockfile } from './kinds';
export { parseDependencyFile } from './parsers';
export { normalizeName, VERSION_SCHEMES, type VersionScheme } from './versions';
export type { Dependency, DependencyFile, DependencyFileKind, Ecosystem, PackageFileKind, SourceKind } from './types';
export { DEPENDENCY_CONFUSION, DOWNLOAD_PIPED_TO_SHELL, LOCKFILE_OUT_OF_SYNC, NEW_INSTALL_SCRIPT, NON_REGISTRY_DEPENDENCY, UNPINNED_DEPENDENCY, UNPINNED_GITHUB_ACTION, type BaseText, type NearbyFiles } from './checks';
