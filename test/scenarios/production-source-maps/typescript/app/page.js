import Basket from './basket';

export default function Home() {
  return (
    <main>
      <h1>Solar panels</h1>
      <Basket />
    </main>
  );
}
