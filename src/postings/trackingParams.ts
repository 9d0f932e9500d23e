/** Query parameters that only say where a visitor came from (lower-case); `utm_*` is matched by prefix. */
const TRACKING_PARAMS = new Set([
  // ATS referral tags
  'gh_src', 'lever-source', 'lever-source[]', 'lever-origin', 'lever-via', 'ashby_src', 'src', 'source', 'dcr_ci', 'trid',
  // LinkedIn
  'trk', 'trkinfo', 'refid', 'trackingid', 'ebp', 'lipi', 'originalsubdomain',
  // ad and mail click ids
  'fbclid', 'gclid', 'dclid', 'msclkid', 'yclid', 'igshid', 'li_fat_id', 'mc_cid', 'mc_eid', '_hsenc', '_hsmi',
]);

/** Whether a query parameter never changes which job a URL names (utm_*, gh_src, lever-source, trk, refId, ...). */
export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
}
