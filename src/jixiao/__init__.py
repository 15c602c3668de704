"""jixiao (绩效): budget performance evaluation."""
