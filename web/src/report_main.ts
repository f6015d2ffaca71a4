document.getElementById("report")!.textContent = "chaintwin report";
