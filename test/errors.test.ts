import { MongoClient, MongoServerError } from 'mongodb';
import { AppError, toAppError } from '../src/errors';

describe('what a user is told when something fails', () => {
  test('when the database is away or its write lock is busy, then the answer is "try again in a moment"', async () => {
    const client = new MongoClient('mongodb://127.0.0.1:1', { serverSelectionTimeoutMS: 200 });
    const away = await client.db('x').command({ ping: 1 }).catch((error: unknown) => error);
    await client.close();
    const busy = new MongoServerError({ message: 'SQLITE_BUSY: database is locked (5)', code: 1 });

    expect(toAppError(away).code).toBe('DATABASE_UNAVAILABLE');
    expect(toAppError(busy).code).toBe('DATABASE_UNAVAILABLE');
    expect(toAppError(busy).userMessage).toMatch(/try again in a moment/i);
  });

  test('when the database refuses a write for another reason, or code fails, then it is an internal error; our own errors pass through', () => {
    const duplicate = new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 });

    expect(toAppError(duplicate).code).toBe('INTERNAL');
    expect(toAppError(new TypeError('x is undefined')).code).toBe('INTERNAL');
    expect(toAppError(new AppError('JOB_NOT_FOUND')).code).toBe('JOB_NOT_FOUND');
  });
});
