/** Child process of bench/live-diagnose.ts: one `collect` into a directory, then its peak RSS on stdout. */
import { collectBundle } from '../src/sources/live/collect.ts';

const [kubeconfig, directory] = process.argv.slice(2);
if (kubeconfig === undefined || directory === undefined) throw new Error('usage: live-collect-child.ts KUBECONFIG DIR');
const started = performance.now();
const manifest = await collectBundle({ kubeconfig, env: {}, directory, redactNames: false, kubehowVersion: 'bench' });
const objects = manifest.contents.reduce((sum, c) => sum + c.objects, 0);
process.stdout.write(`${JSON.stringify({ objects, requests: manifest.requests, ms: performance.now() - started, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
