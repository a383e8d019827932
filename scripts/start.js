// `npm start`: the production server (`node build`) with defaults that work on this machine
// as the README says: loopback only, an ORIGIN that matches the address it prints (so form
// posts over plain http pass SvelteKit's CSRF check), and a body limit above the 2 MB upload
// limit. Set HOST, PORT, ORIGIN and BODY_SIZE_LIMIT to deploy it elsewhere.
const env = process.env;
env.HOST ??= '127.0.0.1';
env.PORT ??= '3000';
env.ORIGIN ??= `http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${env.PORT}`;
env.BODY_SIZE_LIMIT ??= '4M';
await import('../build/index.js');
