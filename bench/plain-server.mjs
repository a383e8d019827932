// The floor for the server-render figure: a bare node:http server that answers every request
// with the same bytes the app rendered. Usage: node bench/plain-server.mjs <body file> <type>
// Prints the port it listens on (loopback only), then serves until it is killed.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [file, type] = process.argv.slice(2);
const body = readFileSync(file);
const server = createServer((_request, response) => {
	response.writeHead(200, { 'content-type': type, 'content-length': body.length });
	response.end(body);
});
server.listen(0, '127.0.0.1', () => {
	const address = server.address();
	process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
