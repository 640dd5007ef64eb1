import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { clientTypesFile, generateClientTypes } from '../api/client/generate.js';

await writeFile(clientTypesFile, await generateClientTypes());
console.log(`wrote ${fileURLToPath(clientTypesFile)}`);
