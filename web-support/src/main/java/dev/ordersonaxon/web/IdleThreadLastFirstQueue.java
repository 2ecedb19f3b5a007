package dev.ordersonaxon.web;

import java.io.Serial;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.tomcat.util.threads.TaskQueue;

/**
 * Tomcat's task queue, except that a task goes to the thread that became idle last rather
 * than to the one idle longest.
 * <p>
 * Tomcat's own queue wakes its waiting threads in turn. After a burst has started 150 of
 * them, a steady 16 requests in flight then hand work to every one within the idle
 * timeout, so none ever times out and all 150 stacks stay resident for good (about 120 KB
 * each, measured on the command side). Here the threads that became idle last are handed
 * the work again and again, and the others, waiting at the bottom, time out after the
 * executor's idle time and end: the pool shrinks back to what the load keeps busy.
 * <p>
 * Tasks are stored as Tomcat's queue stores them, and whether one is queued or gets a new
 * thread is Tomcat's decision ({@link TaskQueue#offer}). Only the waiting differs: an
 * idle thread waits on a condition of its own, the conditions on a stack, and every
 * queued task signals the top one, under the same lock that a thread holds from finding
 * the queue empty until it waits, so no task is left queued while a thread sleeps.
 * <p>
 * A thread that timed out asks Tomcat's queue once more, without waiting, so that Tomcat
 * can end it if a web application was stopped since it started; {@link #take()} (the core
 * threads') leaves that check out, as an embedded server never stops its only application
 * while it serves.
 */
final class IdleThreadLastFirstQueue extends TaskQueue {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient ReentrantLock lock = new ReentrantLock();

	/** The conditions of the idle threads, the one that began waiting last on top. */
	private final transient Deque<Condition> idle = new ArrayDeque<>();

	IdleThreadLastFirstQueue(int capacity) {
		super(capacity);
	}

	@Override
	public boolean offer(Runnable task) {
		return wakeLastIdleIf(super.offer(task));
	}

	@Override
	public boolean force(Runnable task) {
		return wakeLastIdleIf(super.force(task));
	}

	@Override
	public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
		Runnable task = await(unit.toNanos(timeout));
		return (task != null) ? task : super.poll(0, TimeUnit.NANOSECONDS);
	}

	@Override
	public Runnable take() throws InterruptedException {
		Runnable task;
		do {
			task = await(Long.MAX_VALUE);
		}
		while (task == null);
		return task;
	}

	/** The next task, or null once it has waited the given time for none. */
	private Runnable await(long nanos) throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			Condition self = null;
			long left = nanos;
			while (true) {
				Runnable task = super.poll();
				if (task != null || left <= 0) {
					return task;
				}
				if (self == null) {
					self = this.lock.newCondition();
				}
				this.idle.push(self);
				try {
					left = self.awaitNanos(left);
				}
				finally {
					// gone already if a task popped it
					this.idle.remove(self);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean wakeLastIdleIf(boolean queued) {
		if (queued) {
			this.lock.lock();
			try {
				Condition last = this.idle.poll();
				if (last != null) {
					last.signal();
				}
			}
			finally {
				this.lock.unlock();
			}
		}
		return queued;
	}

}
