document.getElementById("app")!.textContent = "chaintwin";
