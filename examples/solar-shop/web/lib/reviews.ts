import { MongoClient } from 'mongodb';

// Product reviews live in MongoDB (the orders and customers in MySQL).
const client = new MongoClient(process.env.MONGODB_URL ?? 'mongodb://localhost:27017');

export const reviews = () => client.db('solar_shop').collection('reviews');
