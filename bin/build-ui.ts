/** `npm run build:ui`: builds modeler-ui/ into modeler-ui/dist/ when missing or stale (`--force` always). */
import { rm } from 'node:fs/promises';
import { ensureWebAppBuilt, webAppDist } from '../api/ui-build.js';

if (process.argv.includes('--force')) await rm(webAppDist, { recursive: true, force: true });
const outcome = await ensureWebAppBuilt((line) => console.log(`[bpm] ${line}`));
if (outcome === 'fresh') console.log('[bpm] The web app is up to date (modeler-ui/dist/)');
