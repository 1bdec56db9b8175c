// Runs `npm ci` (exactly package-lock.json) when node_modules is missing or older than the lock file, so that
// `mvn package` works on a fresh clone; CI runs `npm ci` itself first.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs) {
  console.log('dtr-app: installing npm packages (npm ci)');
  execSync('npm ci', { stdio: 'inherit' });
}
