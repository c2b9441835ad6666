// The environment the app is deployed with (imported first: the fixed module reads its secrets when it loads).
process.env.JWT_SECRET = 'scenario-signing-key';
process.env.INTERNAL_API_KEY = 'internal-key-42';
