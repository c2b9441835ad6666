fetch('/api/installers')
  .then((res) => res.json())
  .then((installers) => {
    const list = document.getElementById('installers');
    for (const installer of installers) {
      const item = document.createElement('li');
      item.textContent = installer.name;
      list.appendChild(item);
    }
  });
